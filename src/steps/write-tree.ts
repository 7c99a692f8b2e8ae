import { mkdir, mkdtemp, rename, rm, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { FileTree } from "../render/file-tree.js";

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** Writes every file, recording in `created` those that did not exist before. */
async function writeFiles(root: string, tree: FileTree, created: string[]): Promise<void> {
  for (const [path, contents] of tree) {
    const file = join(root, path);
    await mkdir(dirname(file), { recursive: true });
    const isNew = !(await exists(file));
    await writeFile(file, contents);
    if (isNew) created.push(file);
  }
}

/**
 * Writes the rendered tree in one go. A new directory is staged beside the target and renamed
 * into place, so a failure leaves nothing behind. Into an existing directory (empty, or with
 * --force) the files are written directly and, on failure, the ones it created are removed
 * again; files the user already had are never deleted.
 */
export async function writeTree(targetDir: string, tree: FileTree): Promise<void> {
  const created: string[] = [];
  if (!(await exists(targetDir))) {
    await mkdir(dirname(targetDir), { recursive: true });
    // mkdtemp names the staging directory uniquely without node:crypto, which nothing else of a
    // --yes run loads.
    const staging = await mkdtemp(join(dirname(targetDir), `.${basename(targetDir)}.tmp-`));
    try {
      await writeFiles(staging, tree, created);
      await rename(staging, targetDir);
    } catch (error) {
      await rm(staging, { recursive: true, force: true });
      throw error;
    }
    return;
  }
  try {
    await writeFiles(targetDir, tree, created);
  } catch (error) {
    await Promise.all(created.map((file) => rm(file, { force: true })));
    throw error;
  }
}
