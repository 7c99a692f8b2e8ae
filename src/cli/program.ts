import { Command, CommanderError, Option } from "commander";
// The commands only: the checker and the simulator load when their command runs.
import { registerCheckCommand, registerPaymentSimCommand } from "masumi-agent/commands";
import {
  AGENT_KINDS,
  FRAMEWORKS,
  PACKAGE_MANAGERS,
  PAYMENTS,
  PERSISTENCES,
  RUNTIMES,
  STACK_DEFAULTS,
} from "../options.js";
import { isInstalled } from "../stack/installed.js";
import { createProject } from "../steps/create-project.js";
import { CLI_VERSION } from "../version.js";
import type { CreateFlags } from "./flags.js";
import { closeFrame, openFrame } from "./frame.js";
import { reportFailure } from "./report-failure.js";
import type { Questions } from "./questions.js";
import { resolveOptions } from "./resolve-options.js";

/** The terminal's questions, whose prompt code loads at the first question: a --yes run asks none. */
const questionsOnDemand: Questions = {
  text: async (...args) => (await import("./questions.js")).terminalQuestions.text(...args),
  select: async (...args) => (await import("./questions.js")).terminalQuestions.select(...args),
  confirm: async (...args) => (await import("./questions.js")).terminalQuestions.confirm(...args),
};

function choiceOption(
  flags: string,
  description: string,
  choices: readonly string[],
  defaultText: string,
) {
  return new Option(flags, `${description} (default: ${defaultText})`).choices(choices);
}

/** The whole command line: `create-masumi-agent [dir]` plus the `check` and `payment-sim` commands. */
export function buildProgram(): Command {
  const program = new Command("create-masumi-agent")
    .description(
      "Create a TypeScript agent for the Masumi network that implements the Agentic Service API (MIP-003).",
    )
    .version(CLI_VERSION, "-v, --version")
    // Usage errors exit with 2 (commander would use 1); --help and --version keep 0.
    .exitOverride((error: CommanderError) => process.exit(error.exitCode === 0 ? 0 : 2))
    .argument("[dir]", "directory to create (default: the project name)")
    .option(
      "-n, --name <name>",
      "project name, a valid npm package name (default: the directory's name)",
    )
    .addOption(choiceOption("--runtime <runtime>", "runtime", RUNTIMES, STACK_DEFAULTS.runtime))
    .addOption(
      choiceOption(
        "--framework <framework>",
        "web framework",
        FRAMEWORKS,
        STACK_DEFAULTS.framework,
      ),
    )
    .addOption(
      choiceOption(
        "--persistence <store>",
        "where jobs are stored",
        PERSISTENCES,
        STACK_DEFAULTS.persistence,
      ),
    )
    .addOption(choiceOption("--payment <mode>", "payment mode", PAYMENTS, STACK_DEFAULTS.payment))
    .addOption(
      choiceOption(
        "--agent <kind>",
        "what the agent is built on",
        AGENT_KINDS,
        STACK_DEFAULTS.agent,
      ),
    )
    .addOption(
      choiceOption(
        "--pm <manager>",
        "package manager",
        PACKAGE_MANAGERS,
        "the one that launched this CLI",
      ),
    )
    .option("--install", "install dependencies (default)")
    .option("--no-install", "do not install dependencies")
    .option("--git", "initialise a git repository (default)")
    .option("--no-git", "do not initialise a git repository")
    .option("--check", "start the agent and run the conformance check (default)")
    .option("--no-check", "skip the conformance check")
    .option("-y, --yes", "take the default for every question not answered by a flag")
    .option("-f, --force", "write into a non-empty directory")
    .option(
      "--dry-run",
      "print the stack, the steps and the files that would be written, write nothing",
    )
    .option(
      "--verbose",
      "print every conformance check of the check step, not only each profile's summary",
    )
    // `create-masumi-agent help [command]` is help, not a project called "help".
    .helpCommand("help [command]", "show help for a command")
    .action(async (dir: string | undefined, flags: CreateFlags) => {
      const interactive = !flags.yes && process.stdin.isTTY === true && !process.env.CI;
      openFrame(`create-masumi-agent ${CLI_VERSION}`);
      const options = await resolveOptions(dir, flags, questionsOnDemand, {
        interactive,
        cwd: process.cwd(),
        userAgent: process.env.npm_config_user_agent,
        isInstalled: (tool) => isInstalled(tool),
      });
      cancelOnSignals();
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
      closeFrame("Cancelled");
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
