import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { join } from "node:path";
import * as prompts from "@clack/prompts";
import { StepError } from "../cli/errors.js";
import { printReport, runConformance, type Profile } from "../conformance/index.js";
import { PROFILES } from "../conformance/types.js";
import type { StackOptions } from "../options.js";
import { startPaymentSimulator } from "../payment-sim/index.js";
import { freePort } from "../process/free-port.js";
import { startServerProcess } from "../process/server-process.js";
import { formatCommand, scriptCommand } from "../stack/commands.js";
import { lastLines } from "./output.js";
import { progress } from "./progress.js";

/**
 * Starts the generated agent on a free port with its own `start` script, runs the conformance
 * check against it and stops it again, whatever happens. The check's jobs go to a throwaway data
 * directory, so the author's database starts empty; it lies under the project's data/ because
 * that is where a Deno agent may write.
 */
export async function checkProject(
  targetDir: string,
  stack: Pick<StackOptions, "runtime" | "packageManager" | "payment">,
  retryDir: string,
) {
  // A Masumi agent is checked against the payment-service simulator, which locks every payment.
  const simulator =
    stack.payment === "masumi"
      ? await startPaymentSimulator({ token: randomBytes(16).toString("hex"), autoLockMs: 50 })
      : undefined;
  const paymentEnv = simulator ? { ...simulator.env, PAYMENT_POLL_INTERVAL_MS: "50" } : {};
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  await mkdir(join(targetDir, "data"), { recursive: true });
  const dataDir = await mkdtemp(join(targetDir, "data", "check-"));
  const start = scriptCommand(stack, "start");
  const server = startServerProcess(start.file, start.args, {
    cwd: targetDir,
    env: { ...process.env, ...paymentEnv, PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dataDir },
  });
  const retry = `cd ${retryDir} && ${formatCommand(start)}, then in another terminal: ${formatCommand(scriptCommand(stack, "check"))}`;
  const spinner = progress();
  try {
    spinner.start("Starting the agent");
    try {
      await server.waitUntilAnswering(`${baseUrl}/availability`, 30_000);
    } catch (error) {
      spinner.error("The agent did not start");
      prompts.log.message(lastLines(server.output(), 30));
      throw new StepError(`The agent did not start: ${(error as Error).message}`, retry);
    }
    spinner.stop(`The agent answers at ${baseUrl}`);
    // A generated agent serves both the current API and the original one it grew from.
    const failed: Profile[] = [];
    for (const profile of PROFILES) {
      spinner.start(`Running the conformance check (${profile})`);
      const report = await runConformance({ baseUrl, profile }).catch((error: Error) => {
        spinner.error(`The conformance check (${profile}) could not run`);
        throw new StepError(`The conformance check could not run: ${error.message}`, retry);
      });
      spinner.stop(`Conformance check (${profile}) finished against ${baseUrl}`);
      printReport(report, process.stdout);
      if (report.exitCode !== 0) failed.push(profile);
    }
    if (failed.length > 0) throw new StepError(`The conformance check failed (${failed.join(", ")})`, retry);
  } finally {
    await server.stop();
    await simulator?.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}
