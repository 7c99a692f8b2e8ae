import { Option, type Command, type CommanderError } from "commander";
import { UsageError } from "../usage-error.js";
import { ServerUnreachableError } from "./errors.js";
import { collect, wholeNumber } from "./flags.js";
import { DEFAULTS } from "./options.js";
import type { CheckFlags } from "./run-check.js";
import { PROFILES } from "./types.js";

function printError(message: string): void {
  process.stderr.write(`error: ${message}\n`);
}

/**
 * Adds `check <url>`: runs the conformance checks against any MIP-003 server and sets the exit
 * code: 0 every scored check passed, 1 a MUST (or, with --strict, a SHOULD) check failed,
 * 2 a usage error or a server that cannot be reached at all.
 */
export function registerCheckCommand(program: Command): void {
  program
    .command("check")
    .description("Check any MIP-003 agent server for conformance (and marketplace compatibility).")
    .argument("[url]", "the agent's base URL, which may carry a path prefix: http://host/agents/x")
    .addOption(
      new Option("--profile <profile>", "mip-003 (the current API) or seed (the original three endpoints)")
        .choices(PROFILES)
        .default("mip-003"),
    )
    .option(
      "--only <ids>",
      "run only these checks: ids or prefixes, comma-separated, repeatable (SJ-,ST-unknown-id)",
      collect,
    )
    .option("--exclude <ids>", "leave these checks out: ids or prefixes", collect)
    .option("--list", "print the catalogue of checks and run nothing")
    .option("--strict", "SHOULD failures fail the run too")
    .option("--json [file]", "write the report as JSON: to a file, or without one to stdout instead of the text report")
    .option("--junit <file>", "write the report as JUnit XML to a file")
    .option("--verbose", "show every request and response of each check")
    .option("--timeout <ms>", "timeout of each request", wholeNumber, DEFAULTS.timeoutMs)
    .option(
      "--job-timeout <ms>",
      "how long a job may take to reach a status a check waits for",
      wholeNumber,
      DEFAULTS.jobTimeoutMs,
    )
    .option("--concurrency <n>", "parallel requests of the concurrency checks", wholeNumber, DEFAULTS.concurrency)
    .option("--header <header>", 'send "Name: value" with every request (repeatable)', collect)
    .option("--input <json|@file>", "a valid input_data, when one cannot be derived from the schema")
    .option("--server <command>", "start the server with this shell command, wait until it answers, stop it afterwards")
    // Usage errors exit with 2 (commander would use 1); --help keeps 0.
    .exitOverride((error: CommanderError) => process.exit(error.exitCode === 0 ? 0 : 2))
    .action(async (url: string | undefined, flags: CheckFlags) => {
      try {
        // Loaded on demand: creating a project never needs the checker's modules at start-up.
        const { runCheck } = await import("./run-check.js");
        process.exitCode = await runCheck(url, flags);
      } catch (error) {
        if (!(error instanceof UsageError || error instanceof ServerUnreachableError)) throw error;
        printError(error.message);
        process.exitCode = 2;
      }
    });
}
