/**
 * `create-masumi-agent payment-sim`: runs the simulator in the foreground for an author's agent,
 * prints the environment to give the agent, logs each call, and stops on Ctrl-C / SIGTERM.
 */
import { randomBytes } from "node:crypto";
import { InvalidArgumentError, type Command } from "commander";
import pc from "picocolors";
import { UsageError } from "../cli/errors.js";
import { startPaymentSimulator, type PaymentSimulator } from "./server.js";

interface PaymentSimFlags {
  port: number;
  host: string;
  autoLock?: number;
  token?: string;
}

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
      await runPaymentSim(flags);
    });
}

function print(line = ""): void {
  process.stdout.write(`${line}\n`);
}

function timestamped(line: string): void {
  print(`${pc.dim(new Date().toISOString().slice(11, 23))} ${line}`);
}

async function start(flags: PaymentSimFlags, token: string): Promise<PaymentSimulator> {
  try {
    return await startPaymentSimulator({
      port: flags.port,
      host: flags.host,
      token,
      autoLockMs: flags.autoLock,
      log: timestamped,
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") {
      throw new UsageError(`port ${flags.port} is already in use; choose another with --port`);
    }
    throw error;
  }
}

function printIntro(simulator: PaymentSimulator, autoLockMs: number | undefined): void {
  print(
    pc.bold(`Masumi payment service simulator on ${simulator.url}`) +
      pc.dim(" (payments live in memory; Ctrl-C stops it)"),
  );
  print();
  print("Set in your agent's environment (.env):");
  for (const [name, value] of Object.entries(simulator.env)) print(`${name}=${value}`);
  print();
  print(
    autoLockMs === undefined
      ? "New payments wait to be paid; each new payment gets a curl line that marks it paid."
      : `New payments are marked paid (FundsLocked) ${autoLockMs} ms after they are created.`,
  );
  print();
}

function waitForStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const signals = ["SIGINT", "SIGTERM"] as const;
    const stop = (signal: NodeJS.Signals) => {
      for (const other of signals) process.off(other, stop);
      resolve(signal);
    };
    for (const signal of signals) process.on(signal, stop);
  });
}

async function runPaymentSim(flags: PaymentSimFlags): Promise<void> {
  const token = flags.token ?? `sim_${randomBytes(16).toString("hex")}`;
  const simulator = await start(flags, token);
  printIntro(simulator, flags.autoLock);
  const signal = await waitForStopSignal();
  await simulator.close();
  print(`payment-sim stopped (${signal})`);
}
