import { readdirSync, statSync } from "node:fs";
import { UsageError } from "../cli/errors.js";

export type TargetState = "free" | "not-empty" | "not-a-directory";

/** Whether the project can be written to `targetDir`: absent or empty is free. */
export function targetState(targetDir: string): TargetState {
  let info;
  try {
    info = statSync(targetDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return "free";
    throw error;
  }
  if (!info.isDirectory()) return "not-a-directory";
  return readdirSync(targetDir).length > 0 ? "not-empty" : "free";
}

/** Why the project cannot go to `targetDir` without --force, or undefined when it can. */
export function targetProblem(targetDir: string, force: boolean): string | undefined {
  const state = targetState(targetDir);
  if (state === "not-a-directory") return `${targetDir} exists and is not a directory`;
  if (state === "not-empty" && !force) return `${targetDir} is not empty`;
  return undefined;
}

/**
 * Refuses a target that would lose or mix files: an existing file, or a non-empty directory
 * unless --force was given. Runs before anything is rendered or written.
 */
export function assertTargetWritable(targetDir: string, force: boolean): void {
  const problem = targetProblem(targetDir, force);
  if (problem === undefined) return;
  throw new UsageError(
    targetState(targetDir) === "not-empty"
      ? `${problem}; choose another directory or pass --force to write into it`
      : problem,
  );
}
