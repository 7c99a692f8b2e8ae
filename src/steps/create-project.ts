import { relative } from "node:path";
import * as prompts from "@clack/prompts";
import type { ProjectOptions } from "../options.js";
import { formatTree } from "../render/file-tree.js";
import { renderTree } from "../render/render-tree.js";
import { assertTargetWritable } from "./check-target.js";
import { displayDir, printNextSteps } from "./next-steps.js";
import { writeTree } from "./write-tree.js";

/**
 * The scaffolder's pipeline. Each step takes only what it needs; everything that can be refused
 * is refused before the first write, and the tree is rendered in memory and written in one go.
 */
export async function createProject(options: ProjectOptions): Promise<void> {
  await assertTargetWritable(options.targetDir, options.force);
  const tree = await renderTree(options);
  if (options.dryRun) {
    process.stdout.write(`${formatTree(tree)}\n`);
    prompts.log.info(`Dry run: ${tree.size} files would be written to ${options.targetDir}; nothing was written.`);
    return;
  }
  await writeTree(options.targetDir, tree);
  prompts.log.success(`Wrote ${tree.size} files to ${relative(process.cwd(), options.targetDir) || "."}`);
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
    await checkProject(options.targetDir, options, retryDir);
  }
  printNextSteps(options);
}
