import { relative } from "node:path";
import * as prompts from "@clack/prompts";
import { closeFrame } from "../cli/frame.js";
import type { ProjectOptions } from "../options.js";
import { paidCommands, projectCommands } from "../stack/commands.js";

/** The directory as the user should type it in `cd`: relative when that is shorter. */
export function displayDir(targetDir: string, cwd = process.cwd()): string {
  const rel = relative(cwd, targetDir);
  return rel === ""
    ? "."
    : rel.length < targetDir.length && !rel.startsWith("..")
      ? rel
      : targetDir;
}

/**
 * A Masumi agent needs a payment service before it can start: the simulator is one, locally, and
 * writes the settings the agent reads to .env.
 */
function paymentSteps(options: ProjectOptions): string[] {
  if (options.payment !== "masumi") return [];
  return [
    "",
    "Paid with Masumi: before dev, start the payment-service simulator",
    "in another terminal, in this directory:",
    `  ${paidCommands(options)["payment-sim"]}`,
    "It writes PAYMENT_SERVICE_URL, PAYMENT_API_KEY, AGENT_IDENTIFIER",
    "and NETWORK to .env. For the real payment service, put its URL,",
    "API key and your agent's identifier there instead.",
  ];
}

/** Tells the author what to do next: start it, check it, and where to write the agent. */
export function printNextSteps(options: ProjectOptions): void {
  const commands = projectCommands(options);
  const dir = displayDir(options.targetDir);
  const steps: [command: string, comment: string][] = [
    ...(dir === "." ? [] : [[`cd ${dir}`, ""] as [string, string]]),
    ...(options.install
      ? []
      : [[commands.install, "install the dependencies"] as [string, string]]),
    [commands.dev, "serve on http://localhost:3000, reload on change"],
    [commands.check, "while it runs: check it against MIP-003"],
    [commands.test, "its own tests"],
  ];
  const width = Math.max(...steps.map(([command]) => command.length));
  const lines = steps.map(([command, comment]) =>
    comment ? `${command.padEnd(width)}  # ${comment}` : command,
  );
  prompts.note([...lines, ...paymentSteps(options)].join("\n"), "Next steps");
  closeFrame("Edit src/agent.ts: the input schema and run() are your agent.", "done");
}
