import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { FileTree } from "../render/file-tree.js";

/**
 * Writes every file under `root`, making each directory once. When `created` is given, the files
 * that did not exist before are recorded there, before they are written, so that a write that
 * fails halfway is cleaned up too.
 */
function writeFiles(root: string, tree: FileTree, created?: string[]): void {
  const madeDirs = new Set<string>();
  for (const [path, contents] of tree) {
    const file = join(root, path);
    const dir = dirname(file);
    if (!madeDirs.has(dir)) {
      mkdirSync(dir, { recursive: true });
      madeDirs.add(dir);
    }
    if (created && !existsSync(file)) created.push(file);
    writeFileSync(file, contents);
  }
}

/**
 * Writes the rendered tree in one go. A new directory is staged beside the target and renamed
 * into place, so a failure leaves nothing behind. Into an existing directory (empty, or with
 * --force) the files are written directly and, on failure, the ones it created are removed
 * again; files the user already had are never deleted.
 * The calls are synchronous: nothing else runs meanwhile, and each async call would cost a trip
 * through the thread pool and a promise (about 40 of them for the default stack).
 */
export function writeTree(targetDir: string, tree: FileTree): void {
  if (!existsSync(targetDir)) {
    mkdirSync(dirname(targetDir), { recursive: true });
    // mkdtemp names the staging directory uniquely without node:crypto, which nothing else of a
    // --yes run loads. The directory is new, so every file in it is too: none is recorded.
    const staging = mkdtempSync(join(dirname(targetDir), `.${basename(targetDir)}.tmp-`));
    try {
      writeFiles(staging, tree);
      renameSync(staging, targetDir);
    } catch (error) {
      rmSync(staging, { recursive: true, force: true });
      throw error;
    }
    return;
  }
  const created: string[] = [];
  try {
    writeFiles(targetDir, tree, created);
  } catch (error) {
    for (const file of created) rmSync(file, { force: true });
    throw error;
  }
}
