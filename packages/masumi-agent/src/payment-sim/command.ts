/**
 * `create-masumi-agent payment-sim`: its flags; ./run.ts runs the simulator in the foreground,
 * for an author to develop a paid agent against.
 */
import { InvalidArgumentError, Option, type Command } from "commander";
import { PAYMENT_SOURCE_TYPES } from "./model.js";
import type { PaymentSimFlags } from "./run.js";

const DEFAULT_PORT = 3001; // the real payment service's default port
/**
 * How long each registry step takes by default (Requested -> Initiated -> Confirmed): short, so that
 * `masumi-agent register` against the simulator finishes in seconds (the real chain takes 5-15 min).
 */
const DEFAULT_REGISTRATION_STEP_MS = 1_000;
/**
 * The API key when none is given: fixed, so an agent's .env stays right from one start to the
 * next. It only ever guards a local simulator.
 */
export const DEV_TOKEN = "masumi-sim-dev-token";

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
    .option("--port <n>", "port to listen on, 0 for any free one", wholeNumber(65_535), DEFAULT_PORT)
    .option("--host <host>", "address to listen on", "127.0.0.1")
    .option(
      "--auto-lock <ms>",
      "mark each new payment as paid (FundsLocked) after this many milliseconds",
      wholeNumber(86_400_000),
    )
    .option(
      "--registry-step <ms>",
      "move each requested registration, deregistration or update on to its next state after this many milliseconds",
      wholeNumber(86_400_000),
      DEFAULT_REGISTRATION_STEP_MS,
    )
    .option("--token <t>", "the API key agents must send in the token header", nonEmpty, DEV_TOKEN)
    .addOption(
      new Option("--source-type <type>", "the seller's payment source type")
        .choices(PAYMENT_SOURCE_TYPES)
        .default("Web3CardanoV2"),
    )
    .option(
      "--write-env <file>",
      "write the settings into this .env file (only the simulator's variables' lines change)",
      nonEmpty,
    )
    .action(async (flags: PaymentSimFlags) => {
      // Loaded on demand, like `check`: creating a project needs none of the simulator.
      const { runPaymentSim } = await import("./run.js");
      await runPaymentSim(flags);
    });
}
