/**
 * What `payment-sim` does once its flags are parsed: start the simulator, print the environment
 * for the agent, log each call, stop on Ctrl-C / SIGTERM. Loaded only when the command runs.
 */
import { randomBytes } from "node:crypto";
import pc from "picocolors";
import { UsageError } from "../cli/errors.js";
import { startPaymentSimulator, type PaymentSimulator } from "./server.js";

export interface PaymentSimFlags {
  port: number;
  host: string;
  autoLock?: number;
  token?: string;
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

export async function runPaymentSim(flags: PaymentSimFlags): Promise<void> {
  const token = flags.token ?? `sim_${randomBytes(16).toString("hex")}`;
  const simulator = await start(flags, token);
  printIntro(simulator, flags.autoLock);
  const signal = await waitForStopSignal();
  await simulator.close();
  print(`payment-sim stopped (${signal})`);
}
