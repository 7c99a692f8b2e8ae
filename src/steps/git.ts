import * as prompts from "@clack/prompts";
import { execa } from "execa";

/**
 * Initialises a repository with one commit of the generated files. Skipped inside an existing
 * work tree (the user's monorepo keeps its own history) or without git; a commit that fails for
 * want of a git identity leaves the initialised repository and says so.
 */
export async function initGit(targetDir: string): Promise<void> {
  const inside = await execa("git", ["rev-parse", "--is-inside-work-tree"], { cwd: targetDir, reject: false });
  if (inside.exitCode === undefined) {
    prompts.log.warn("git was not found; skipped initialising a repository");
    return;
  }
  if (inside.exitCode === 0 && inside.stdout.trim() === "true") {
    prompts.log.info("Inside an existing git repository; skipped git init");
    return;
  }
  await execa("git", ["init", "--quiet"], { cwd: targetDir });
  await execa("git", ["add", "--all"], { cwd: targetDir });
  const commit = await execa("git", ["commit", "--quiet", "--message", "Initial commit from create-masumi-agent"], {
    cwd: targetDir,
    reject: false,
  });
  if (commit.failed) {
    prompts.log.warn(`Initialised a git repository; the first commit failed: ${commit.stderr.split("\n")[0]}`);
    return;
  }
  prompts.log.success("Initialised a git repository with the first commit");
}
