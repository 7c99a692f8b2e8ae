import * as prompts from "@clack/prompts";
import { execa } from "execa";
import type { PackageManager } from "../options.js";
import { StepError } from "../cli/errors.js";
import { lastLines } from "./output.js";
import { progress } from "./progress.js";

/** Installs the generated project's dependencies with the chosen package manager. */
export async function installDependencies(targetDir: string, packageManager: PackageManager, retryDir: string) {
  const spinner = progress();
  const started = Date.now();
  spinner.start(`Installing dependencies with ${packageManager}`);
  const result = await execa(packageManager, ["install"], { cwd: targetDir, all: true, reject: false });
  if (result.failed) {
    spinner.error(`Installing dependencies with ${packageManager} failed`);
    if (result.all) prompts.log.message(lastLines(result.all, 30));
    throw new StepError(
      `${packageManager} install failed${result.exitCode === undefined ? ` (${result.shortMessage})` : ` with exit code ${result.exitCode}`}`,
      `cd ${retryDir} && ${packageManager} install`,
    );
  }
  spinner.stop(`Dependencies installed (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}
