import * as prompts from "@clack/prompts";
import { execa } from "execa";
import { StepError } from "../cli/errors.js";
import type { StackOptions } from "../options.js";
import { formatCommand, installCommand } from "../stack/commands.js";
import { lastLines } from "./output.js";
import { progress } from "./progress.js";

/** Installs the generated project's dependencies with its runtime's own tool or package manager. */
export async function installDependencies(
  targetDir: string,
  stack: Pick<StackOptions, "runtime" | "packageManager">,
  retryDir: string,
) {
  const command = installCommand(stack);
  const spinner = progress();
  const started = Date.now();
  spinner.start(`Installing dependencies with ${command.file}`);
  const result = await execa(command.file, command.args, { cwd: targetDir, all: true, reject: false });
  if (result.failed) {
    spinner.error(`Installing dependencies with ${command.file} failed`);
    if (result.all) prompts.log.message(lastLines(result.all, 30));
    if ((result as { code?: string }).code === "ENOENT") {
      throw new StepError(
        `${command.file} is not installed`,
        `npm install --global ${command.file} (or its official installer), then cd ${retryDir} && ${formatCommand(command)}`,
      );
    }
    throw new StepError(
      `${formatCommand(command)} failed${result.exitCode === undefined ? ` (${result.shortMessage})` : ` with exit code ${result.exitCode}`}`,
      `cd ${retryDir} && ${formatCommand(command)}`,
    );
  }
  spinner.stop(`Dependencies installed (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}
