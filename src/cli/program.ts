import * as prompts from "@clack/prompts";
import { Command, CommanderError, Option } from "commander";
import { registerCheckCommand } from "../conformance/command.js";
import {
  FRAMEWORKS,
  PACKAGE_MANAGERS,
  PAYMENTS,
  PERSISTENCES,
  RUNTIMES,
  STACK_DEFAULTS,
} from "../options.js";
import { registerPaymentSimCommand } from "../payment-sim/command.js";
import { CLI_VERSION } from "../version.js";
import type { CreateFlags } from "./flags.js";
import { reportFailure } from "./report-failure.js";
import { terminalQuestions } from "./questions.js";
import { resolveOptions } from "./resolve-options.js";

function choiceOption(flags: string, description: string, choices: readonly string[], defaultText: string) {
  return new Option(flags, `${description} (default: ${defaultText})`).choices(choices);
}

/** The whole command line: `create-masumi-agent [dir]` plus the `check` and `payment-sim` commands. */
export function buildProgram(): Command {
  const program = new Command("create-masumi-agent")
    .description("Create a TypeScript agent for the Masumi network that implements the Agentic Service API (MIP-003).")
    .version(CLI_VERSION, "-v, --version")
    // Usage errors exit with 2 (commander would use 1); --help and --version keep 0.
    .exitOverride((error: CommanderError) => process.exit(error.exitCode === 0 ? 0 : 2))
    .argument("[dir]", "directory to create (default: the project name)")
    .option("-n, --name <name>", "project name, a valid npm package name (default: the directory's name)")
    .addOption(choiceOption("--runtime <runtime>", "runtime", RUNTIMES, STACK_DEFAULTS.runtime))
    .addOption(choiceOption("--framework <framework>", "web framework", FRAMEWORKS, STACK_DEFAULTS.framework))
    .addOption(choiceOption("--persistence <store>", "where jobs are stored", PERSISTENCES, STACK_DEFAULTS.persistence))
    .addOption(choiceOption("--payment <mode>", "payment mode", PAYMENTS, STACK_DEFAULTS.payment))
    .addOption(choiceOption("--pm <manager>", "package manager", PACKAGE_MANAGERS, "the one that launched this CLI"))
    .option("--install", "install dependencies (default)")
    .option("--no-install", "do not install dependencies")
    .option("--git", "initialise a git repository (default)")
    .option("--no-git", "do not initialise a git repository")
    .option("--check", "start the agent and run the conformance check (default)")
    .option("--no-check", "skip the conformance check")
    .option("-y, --yes", "take the default for every question not answered by a flag")
    .option("-f, --force", "write into a non-empty directory")
    .option("--dry-run", "print the files that would be written, write nothing")
    .action(async (dir: string | undefined, flags: CreateFlags) => {
      const interactive = !flags.yes && process.stdin.isTTY === true && !process.env.CI;
      prompts.intro(`create-masumi-agent ${CLI_VERSION}`);
      const options = await resolveOptions(dir, flags, terminalQuestions, {
        interactive,
        cwd: process.cwd(),
        userAgent: process.env.npm_config_user_agent,
      });
      cancelOnSignals();
      // Loaded on demand: `check` and `payment-sim` runs need none of the scaffolding steps.
      const { createProject } = await import("../steps/create-project.js");
      await createProject(options);
    });
  registerCheckCommand(program);
  registerPaymentSimCommand(program);
  return program;
}

/**
 * Ctrl-C outside a prompt (while installing or checking) cancels the run: child processes are
 * stopped by their own exit hooks, and the user's files stay as they are.
 */
function cancelOnSignals(): void {
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      prompts.cancel("Cancelled");
      process.exit(1);
    });
  }
}

/** Runs the CLI and sets the exit code: 0 done, 1 a step failed or was cancelled, 2 bad input. */
export async function main(argv: string[] = process.argv): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    process.exitCode = reportFailure(error);
  }
}
