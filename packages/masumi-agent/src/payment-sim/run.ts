/**
 * What `payment-sim` does once its flags are parsed: start the simulator, print (and optionally
 * write) the environment for the agent, log each call, stop on Ctrl-C / SIGTERM. Loaded only when
 * the command runs.
 */
import pc from "picocolors";
import { UsageError } from "../usage-error.js";
import { writeEnvFile } from "./env-file.js";
import type { PaymentSourceType } from "./model.js";
import { startPaymentSimulator, type PaymentSimulator } from "./server.js";
import { waitForStopSignal } from "../simulator-server.js";

export interface PaymentSimFlags {
  port: number;
  host: string;
  autoLock?: number;
  registryStep: number;
  token: string;
  sourceType: PaymentSourceType;
  writeEnv?: string;
}

function print(line = ""): void {
  process.stdout.write(`${line}\n`);
}

function timestamped(line: string): void {
  print(`${pc.dim(new Date().toISOString().slice(11, 23))} ${line}`);
}

async function start(flags: PaymentSimFlags): Promise<PaymentSimulator> {
  try {
    return await startPaymentSimulator({
      port: flags.port,
      host: flags.host,
      token: flags.token,
      sourceType: flags.sourceType,
      autoLockMs: flags.autoLock,
      registrationStepMs: flags.registryStep,
      log: timestamped,
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") {
      throw new UsageError(`port ${flags.port} is already in use; choose another with --port`);
    }
    throw error;
  }
}

function printIntro(simulator: PaymentSimulator, flags: PaymentSimFlags): void {
  print(
    pc.bold(`Masumi payment service simulator on ${simulator.url}`) +
      pc.dim(" (payments live in memory; Ctrl-C stops it)"),
  );
  print();
  print(
    flags.writeEnv
      ? `Written to ${flags.writeEnv} (set these in your agent's environment):`
      : "Set in your agent's environment (.env):",
  );
  for (const [name, value] of Object.entries(simulator.env)) print(`${name}=${value}`);
  print();
  if (flags.autoLock === undefined) {
    print("New payments wait to be paid; each new payment gets a curl line that marks it paid.");
    print("The curl lines read the key from your shell; run this there first:");
    print(`  export PAYMENT_API_KEY=${shellQuoted(simulator.env.PAYMENT_API_KEY)}`);
  } else {
    print(`New payments are marked paid (FundsLocked) ${flags.autoLock} ms after they are created.`);
  }
  print(
    `Registrations, deregistrations and updates move on one state every ${flags.registryStep} ms ` +
      "(or at once by POST /admin/registry/<id>/simulate).",
  );
  print();
}

/** The value as one single-quoted shell word. */
function shellQuoted(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

export async function runPaymentSim(flags: PaymentSimFlags): Promise<void> {
  // Listening before anything is printed: whoever reads the intro may stop it at once.
  const stopSignal = waitForStopSignal();
  const simulator = await start(flags);
  try {
    if (flags.writeEnv) await writeEnvFile(flags.writeEnv, { ...simulator.env });
  } catch (error) {
    await simulator.close();
    throw new UsageError(`could not write ${flags.writeEnv}: ${(error as Error).message}`);
  }
  printIntro(simulator, flags);
  const signal = await stopSignal;
  await simulator.close();
  print(`payment-sim stopped (${signal})`);
}
