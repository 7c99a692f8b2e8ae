import * as prompts from "@clack/prompts";
import { StepError } from "../cli/errors.js";
import type { StackOptions } from "../options.js";
import { startServerProcess } from "masumi-agent/check";
import { formatCommand, installCommand } from "../stack/commands.js";
import { InstallActivity } from "./install-activity.js";
import { lastLines } from "./output.js";
import { progress } from "./progress.js";

/**
 * Installs the generated project's dependencies with its runtime's own tool or package manager.
 * The install runs in a process group of its own, which is killed when the CLI exits, so Ctrl-C
 * leaves no `npm install` (or compiler) running. npm is asked to print its install scripts'
 * output, so that the spinner can say when a native module is being compiled.
 */
export async function installDependencies(
  targetDir: string,
  stack: Pick<StackOptions, "runtime" | "packageManager">,
  retryDir: string,
) {
  const command = installCommand(stack);
  const spinner = progress();
  const title = `Installing dependencies with ${command.file}`;
  const activity = new InstallActivity();
  spinner.start(title);
  const install = startServerProcess(command.file, command.args, {
    cwd: targetDir,
    env: { ...process.env, npm_config_foreground_scripts: "true" },
    onOutput(chunk) {
      for (const now of activity.feed(chunk)) spinner.message(`${title}: ${now}`);
    },
  });
  const result = await install.exit;
  await install.stop();
  if (result.code === 0) {
    spinner.stop("Dependencies installed");
    return;
  }
  spinner.error(`${title} failed`);
  if (result.spawnError?.code === "ENOENT") {
    throw new StepError(
      `${command.file} is not installed`,
      `npm install --global ${command.file} (or its official installer), then cd ${retryDir} && ${formatCommand(command)}`,
    );
  }
  prompts.log.message(lastLines(install.output(), 30));
  throw new StepError(
    `${formatCommand(command)} failed ${result.signal ? `(${result.signal})` : `with exit code ${result.code}`}`,
    `cd ${retryDir} && ${formatCommand(command)}`,
  );
}
