#!/usr/bin/env node
import { Command, type CommanderError } from "commander";
import { registerCheckCommand } from "./check/command.ts";
import { registerModelSimCommand } from "./model-sim/command.ts";
import { registerPaymentSimCommand } from "./payment-sim/command.ts";
import { UsageError } from "./usage-error.ts";
import { VERSION } from "./version.ts";

/** `masumi-agent check|payment-sim`: the conformance checker and the payment-service simulator. */
const program = new Command("masumi-agent")
  .description("The MIP-003 conformance checker and the Masumi payment-service simulator.")
  .version(VERSION, "-v, --version")
  // Usage errors exit with 2 (commander would use 1); --help and --version keep 0.
  .exitOverride((error: CommanderError) => process.exit(error.exitCode === 0 ? 0 : 2));
registerCheckCommand(program);
registerPaymentSimCommand(program);
registerModelSimCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  process.stderr.write(`error: ${error.message}\n`);
  process.exitCode = 2;
}
