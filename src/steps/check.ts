import { randomBytes } from "node:crypto";
import * as prompts from "@clack/prompts";
import { StepError } from "../cli/errors.js";
import {
  PROFILES,
  printReport,
  runConformance,
  startServerProcess,
  summaryLine,
  type Profile,
} from "masumi-agent/check";
import { SIM_MODEL, startModelSim } from "masumi-agent/model-sim";
import { startPaymentSimulator } from "masumi-agent/payment-sim";
import type { StackOptions } from "../options.js";
import { freePort } from "../process/free-port.js";
import { formatCommand, hasBuild, scriptCommand, type Command } from "../stack/commands.js";
import { prepareCheckStore } from "./check-store.js";
import { lastLines } from "./output.js";
import { progress } from "./progress.js";

/**
 * Runs the project's `build` (in a process group of its own, stopped with the CLI): `start` runs
 * its output.
 */
async function buildProject(targetDir: string, build: Command, retry: string): Promise<void> {
  const spinner = progress();
  spinner.start("Building the agent");
  const run = startServerProcess(build.file, build.args, { cwd: targetDir, env: process.env });
  const result = await run.exit;
  await run.stop();
  if (result.code === 0) {
    spinner.stop("Agent built");
    return;
  }
  spinner.error("The agent did not build");
  prompts.log.message(lastLines(run.output(), 30));
  throw new StepError(`${formatCommand(build)} failed with exit code ${result.code}`, retry);
}

/**
 * Starts the generated agent on a free port with its own `start` script (after its `build`, where
 * it has one: the check runs what production runs), runs the conformance
 * check against it and stops it again, whatever happens. The check's jobs go to a throwaway
 * store (a data directory, schema or key prefix of its own, removed afterwards), so the author's
 * database stays as it was. Each profile gets one line; its report is printed in full when it
 * failed, or with `verbose`.
 */
export async function checkProject(
  targetDir: string,
  stack: Pick<StackOptions, "runtime" | "packageManager" | "payment" | "persistence" | "agent">,
  retryDir: string,
  verbose = false,
) {
  const start = scriptCommand(stack, "start");
  const build = hasBuild(stack) ? scriptCommand(stack, "build") : undefined;
  const startLine = [build, start].filter((command) => command !== undefined).map(formatCommand).join(" && ");
  const retry = `cd ${retryDir} && ${startLine}, then in another terminal: ${formatCommand(scriptCommand(stack, "check"))}`;
  if (build) await buildProject(targetDir, build, retry);
  // A Masumi agent is checked against the payment-service simulator, which locks every payment.
  const simulator =
    stack.payment === "masumi"
      ? await startPaymentSimulator({
          token: randomBytes(16).toString("hex"),
          autoLockMs: 50,
        })
      : undefined;
  const paymentEnv = simulator ? { ...simulator.env, PAYMENT_POLL_INTERVAL_MS: "50" } : {};
  // An agent on a model is checked against the model-provider stand-in: no key, no network, and
  // every job gets its default answer.
  const model = stack.agent === "offline" ? undefined : await startModelSim();
  const modelEnv = model
    ? { MODEL_PROVIDER: "openai-compatible", MODEL_BASE_URL: model.openaiBaseUrl, MODEL_NAME: SIM_MODEL }
    : {};
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const store = await prepareCheckStore(targetDir, stack.persistence).catch(async (error: Error) => {
    await simulator?.close();
    await model?.close();
    throw new StepError(`The check could not prepare a throwaway ${stack.persistence} store: ${error.message}`, retry);
  });
  const server = startServerProcess(start.file, start.args, {
    cwd: targetDir,
    env: {
      ...process.env,
      ...paymentEnv,
      ...modelEnv,
      ...store.env,
      PORT: String(port),
      HOST: "127.0.0.1",
    },
  });
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
      spinner.stop(`Conformance check (${profile}) finished against ${baseUrl}: ${summaryLine(report.summary)}`);
      if (verbose || report.exitCode !== 0) printReport(report, process.stdout);
      if (report.exitCode !== 0) failed.push(profile);
    }
    if (failed.length > 0) throw new StepError(`The conformance check failed (${failed.join(", ")})`, retry);
  } finally {
    await server.stop();
    await simulator?.close();
    await model?.close();
    await store.remove();
  }
}
