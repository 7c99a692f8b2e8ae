import { readdir, stat } from "node:fs/promises";
import { UsageError } from "../cli/errors.js";

/**
 * Refuses a target that would lose or mix files: an existing file, or a non-empty directory
 * unless --force was given. Runs before anything is rendered or written.
 */
export async function assertTargetWritable(targetDir: string, force: boolean): Promise<void> {
  let info;
  try {
    info = await stat(targetDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  if (!info.isDirectory()) throw new UsageError(`${targetDir} exists and is not a directory`);
  if (!force && (await readdir(targetDir)).length > 0) {
    throw new UsageError(`${targetDir} is not empty; choose another directory or pass --force to write into it`);
  }
}
