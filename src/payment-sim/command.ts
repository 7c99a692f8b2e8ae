/**
 * `create-masumi-agent payment-sim`: its flags; ./run.ts runs the simulator in the foreground,
 * for an author to develop a paid agent against.
 */
import { InvalidArgumentError, type Command } from "commander";
import type { PaymentSimFlags } from "./run.js";

const DEFAULT_PORT = 3001; // the real payment service's default port

function wholeNumber(max: number): (value: string) => number {
  return (value) => {
    const number = Number(value);
    if (!/^\d+$/.test(value) || number > max)
      throw new InvalidArgumentError(`expected a whole number from 0 to ${max}`);
    return number;
  };
}

function nonEmpty(value: string): string {
  if (value === "") throw new InvalidArgumentError("must not be empty");
  return value;
}

export function registerPaymentSimCommand(program: Command): void {
  program
    .command("payment-sim")
    .description(
      "Run a local simulator of the Masumi payment service, to develop and test a paid agent without a blockchain.",
    )
    .option(
      "--port <n>",
      `port to listen on, 0 for any free one (default: ${DEFAULT_PORT})`,
      wholeNumber(65_535),
      DEFAULT_PORT,
    )
    .option("--host <host>", "address to listen on", "127.0.0.1")
    .option(
      "--auto-lock <ms>",
      "mark each new payment as paid (FundsLocked) after this many milliseconds",
      wholeNumber(86_400_000),
    )
    .option("--token <t>", "the API key agents must send in the token header (default: a new random one)", nonEmpty)
    .action(async (flags: PaymentSimFlags) => {
      // Loaded on demand, like `check`: creating a project needs none of the simulator.
      const { runPaymentSim } = await import("./run.js");
      await runPaymentSim(flags);
    });
}
