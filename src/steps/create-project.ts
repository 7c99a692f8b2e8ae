import { existsSync } from "node:fs";
import { join, relative } from "node:path";
import * as prompts from "@clack/prompts";
import { closeFrame } from "../cli/frame.js";
import type { ProjectOptions } from "../options.js";
import { formatTree, type FileTree } from "../render/file-tree.js";
import { resolveLibrary } from "../render/library.js";
import { renderTree } from "../render/render-tree.js";
import { installCommand } from "../stack/commands.js";
import { displayDir, printNextSteps } from "./next-steps.js";
import { writeTree } from "./write-tree.js";

/** The stack in one line: `node + hono + sqlite, simulated payments, installed with npm`. */
export function describeStack(options: ProjectOptions): string {
  const tool = installCommand(options).file;
  const agent = options.agent === "offline" ? "" : `, a ${options.agent} agent`;
  return `${options.runtime} + ${options.framework} + ${options.persistence}, ${options.payment} payments${agent}, installed with ${tool}`;
}

/** The steps after writing the files, in the order they run. */
export function describeSteps(options: ProjectOptions): string {
  const steps = [
    options.install && `install (${installCommand(options).file} install)`,
    options.git && "git init and a first commit",
    options.check && "start the agent and run the conformance check (mip-003, seed)",
  ].filter((step): step is string => typeof step === "string");
  return steps.length > 0 ? steps.join(", then ") : "none (--no-install --no-git --no-check)";
}

/** The files of `tree` that already exist in `targetDir`: what --force replaces. */
function replacedFiles(targetDir: string, tree: FileTree): string[] {
  return [...tree.keys()].filter((path) => existsSync(join(targetDir, path)));
}

function listFiles(paths: string[], max = 8): string {
  return paths.length > max
    ? `${paths.slice(0, max).join(", ")} and ${paths.length - max} more`
    : paths.join(", ");
}

/**
 * The scaffolder's pipeline. Each step takes only what it needs; everything that can be refused
 * was refused while resolving the options, and the tree is rendered in memory and written in one go.
 */
export async function createProject(options: ProjectOptions): Promise<void> {
  // From a checkout, the project depends on the checkout's library (packed), with no flag.
  const tree = await renderTree(options, { library: await resolveLibrary() });
  const replaced = options.force ? replacedFiles(options.targetDir, tree) : [];
  if (options.dryRun) {
    prompts.log.info(`Stack: ${describeStack(options)}`);
    prompts.log.info(`Steps after writing: ${describeSteps(options)}`);
    if (replaced.length > 0)
      prompts.log.warn(`Would replace ${replaced.length} existing files: ${listFiles(replaced)}`);
    process.stdout.write(`${formatTree(tree)}\n`);
    closeFrame(
      `Dry run: ${tree.size} files would be written to ${options.targetDir}; nothing was written.`,
      "done",
    );
    return;
  }
  if (replaced.length > 0)
    prompts.log.warn(
      `--force: replacing ${replaced.length} existing files: ${listFiles(replaced)}`,
    );
  writeTree(options.targetDir, tree);
  prompts.log.success(
    `Wrote ${tree.size} files to ${relative(process.cwd(), options.targetDir) || "."}`,
  );
  const retryDir = displayDir(options.targetDir);
  // The later steps are loaded only when they run: they bring execa and the checker, whose import
  // time a run with --no-install --no-git --no-check need not pay.
  if (options.install) {
    const { installDependencies } = await import("./install.js");
    await installDependencies(options.targetDir, options, retryDir);
  }
  if (options.git) {
    const { initGit } = await import("./git.js");
    await initGit(options.targetDir);
  }
  if (options.check) {
    const { checkProject } = await import("./check.js");
    await checkProject(options.targetDir, options, retryDir, options.verbose);
  }
  printNextSteps(options);
}
