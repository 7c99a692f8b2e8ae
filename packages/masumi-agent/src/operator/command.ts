/**
 * The operator commands of the `masumi-agent` bin: `register`, `doctor` and `registry
 * status|update|deregister`. Their flags are parsed here; the commands load on demand.
 */
import { InvalidArgumentError, type Command } from "commander";
import { PaymentServiceError } from "../payment/masumi/payment-service.ts";
import { LISTING_FILE } from "./listing.ts";
import { ALLOW_LOOPBACK_FLAG } from "./public-url.ts";
import { Refusal, Stopped } from "./refusal.ts";
import type { Terminal } from "./terminal.ts";

interface Flags {
  listing: string;
  envFile: string;
  allowLoopback: boolean;
  yes: boolean;
  dryRun: boolean;
  timeout: number;
}

function minutes(value: string): number {
  const number = Number(value);
  if (!/^\d+$/.test(value) || number < 1 || number > 1_440) {
    throw new InvalidArgumentError("expected whole minutes from 1 to 1440");
  }
  return number;
}

/**
 * Runs a command: a Refusal is one line per reason and exit 2, nothing sent; Stopped, or a
 * payment service that failed or refused a call once the checks had passed, its lines and exit 1.
 */
async function run(action: (terminal: Terminal) => Promise<void>): Promise<void> {
  const { processTerminal } = await import("./terminal.ts");
  const terminal = processTerminal();
  try {
    await action(terminal);
  } catch (error) {
    const stopped = error instanceof PaymentServiceError ? new Stopped([error.message]) : error;
    if (!(stopped instanceof Refusal || stopped instanceof Stopped)) throw error;
    terminal.endProgress();
    for (const line of stopped.lines) process.stderr.write(`${stopped instanceof Refusal ? "error: " : ""}${line}\n`);
    process.exitCode = stopped instanceof Refusal ? 2 : 1;
  }
}

function withProjectFlags(command: Command): Command {
  return command.option("--env-file <file>", "the project's environment file", ".env");
}

function withWriteFlags(command: Command): Command {
  return withProjectFlags(command)
    .option("--listing <file>", "the listing file", LISTING_FILE)
    .option(
      ALLOW_LOOPBACK_FLAG,
      "let a loopback apiBaseUrl through (development against payment-sim; the real registry marks it Invalid)",
      false,
    )
    .option("-y, --yes", "do not ask for a confirmation (CI)", false)
    .option("--timeout <minutes>", "stop following the entry after this long (run again to go on)", minutes, 30);
}

export function registerOperatorCommands(program: Command): void {
  withWriteFlags(
    program
      .command("register")
      .description(
        "Check the listing and the agent the way the registry and the marketplace will, then register the agent on your Masumi payment service and write AGENT_IDENTIFIER into .env.",
      ),
  )
    .option("--dry-run", "run the checks and print the request, send nothing", false)
    .action((flags: Flags) =>
      run(async (terminal) => {
        const { register } = await import("./register.ts");
        await register({ ...flags, timeoutMs: flags.timeout * 60_000 }, terminal);
      }),
    );

  withProjectFlags(
    program
      .command("doctor")
      .description("Say what stands between this project and a paid job; exit 0 only when nothing does."),
  )
    .option(ALLOW_LOOPBACK_FLAG, "accept a loopback apiBaseUrl (development against payment-sim)", false)
    .action((flags: Flags) =>
      run(async (terminal) => {
        const { doctor } = await import("./doctor.ts");
        await doctor(flags, terminal);
      }),
    );

  const registry = program.command("registry").description("The registry entry of this agent (AGENT_IDENTIFIER).");
  withProjectFlags(registry.command("status").description("Show the entry's state, identifier and URL.")).action(
    (flags: Flags) =>
      run(async (terminal) => {
        const { registryStatus } = await import("./registry-commands.ts");
        await registryStatus(flags, terminal);
      }),
  );
  withWriteFlags(
    registry
      .command("update")
      .description("Send the listing file's current values (Web3CardanoV2: a new identifier, written into .env)."),
  ).action((flags: Flags) =>
    run(async (terminal) => {
      const { registryUpdate } = await import("./registry-commands.ts");
      await registryUpdate({ ...flags, timeoutMs: flags.timeout * 60_000 }, terminal);
    }),
  );
  withProjectFlags(
    registry.command("deregister").description("Burn the agent's registration: it can no longer be paid."),
  )
    .option("-y, --yes", "do not ask for a confirmation (CI)", false)
    .option("--timeout <minutes>", "stop following the entry after this long", minutes, 30)
    .action((flags: Flags) =>
      run(async (terminal) => {
        const { registryDeregister } = await import("./registry-commands.ts");
        await registryDeregister({ ...flags, timeoutMs: flags.timeout * 60_000 }, terminal);
      }),
    );
}
