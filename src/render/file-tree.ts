/** A generated project held in memory: POSIX relative path -> file contents. */
export type FileTree = Map<string, string>;

/** The tree's paths in a stable order, directories before their contents. */
export function sortedPaths(tree: FileTree): string[] {
  return [...tree.keys()].sort((a, b) => a.localeCompare(b));
}

/** Draws the tree as an indented listing, as `--dry-run` prints it. */
export function formatTree(tree: FileTree): string {
  const lines: string[] = [];
  const printedDirs = new Set<string>();
  for (const path of sortedPaths(tree)) {
    const parts = path.split("/");
    for (let depth = 0; depth < parts.length - 1; depth++) {
      const dir = parts.slice(0, depth + 1).join("/");
      if (printedDirs.has(dir)) continue;
      printedDirs.add(dir);
      lines.push(`${"  ".repeat(depth)}${parts[depth]}/`);
    }
    lines.push(`${"  ".repeat(parts.length - 1)}${parts[parts.length - 1]}`);
  }
  return lines.join("\n");
}
