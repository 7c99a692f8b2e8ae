import { existsSync } from "node:fs";
import { readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect } from "vitest";
import { runConformance } from "../../packages/masumi-agent/src/check/index.js";
import type { Profile } from "../../packages/masumi-agent/src/check/types.js";
import type { Persistence, Runtime, StackOptions } from "../../src/options.js";
import {
  generateProject,
  installStackProject,
  type RunningServer,
} from "../helpers/generated-project.js";
import {
  freshPostgres,
  freshRedis,
  postgresAvailable,
  redisAvailable,
  type StoreServer,
} from "./store-servers.js";

/** The stores whose jobs survive a restart. */
export const DURABLE_STORES = [
  "sqlite",
  "postgres",
  "redis",
] as const satisfies readonly Persistence[];

/** Whether the store can be tested on this machine (see serverAvailable). */
export async function storeAvailable(
  persistence: Persistence,
): Promise<boolean> {
  if (persistence === "postgres") return postgresAvailable();
  if (persistence === "redis") return redisAvailable();
  return true;
}

/** A fresh database or key prefix for a networked store; nothing for the others. */
export async function freshStore(
  persistence: Persistence,
): Promise<StoreServer> {
  if (persistence === "postgres") return freshPostgres();
  if (persistence === "redis") return freshRedis();
  return { env: {}, remove: async () => {} };
}

/** The stack of the store tests' agents: Hono and simulated payments, on `runtime`. */
export function storeStack(
  persistence: Persistence,
  projectName = `agent-${persistence}`,
  runtime: Runtime = "node",
): StackOptions {
  return {
    projectName,
    runtime,
    framework: "hono",
    persistence,
    payment: "simulated",
    packageManager: runtime === "bun" ? "bun" : "npm",
    agent: "offline",
  };
}

/** Generates the store tests' stack and installs it with its runtime's own tool. */
export async function installedProject(
  persistence: Persistence,
  projectName = `agent-${persistence}`,
  runtime: Runtime = "node",
): Promise<string> {
  const stack = storeStack(persistence, projectName, runtime);
  const dir = await generateProject(stack);
  await installStackProject(dir, stack);
  return dir;
}

/** Runs a conformance profile against an agent and expects no check to fail. */
export async function expectConformance(
  agent: RunningServer,
  profile: Profile,
): Promise<void> {
  const report = await runConformance({ baseUrl: agent.url, profile });
  const failed = report.results.filter((result) => result.outcome === "fail");
  expect(
    failed,
    `${JSON.stringify(failed, null, 2)}\n${agent.output()}`,
  ).toEqual([]);
  expect(report.exitCode).toBe(0);
}

/**
 * Environment for the store tests' agents: payments lock after 200 ms, and a job whose process
 * died is taken over after one second instead of thirty.
 */
export const FAST_RECOVERY_ENV: Record<string, string> = {
  SIMULATED_PAYMENT_DELAY_MS: "200",
  JOB_LEASE_MS: "1000",
};

/**
 * For instances that share work: leases of three seconds, renewed every second. Exactly-once
 * holds while every instance renews in time; a one-second lease is too tight for a loaded
 * two-core machine running three instances.
 */
export const SHARED_ENV: Record<string, string> = {
  ...FAST_RECOVERY_ENV,
  JOB_LEASE_MS: "3000",
};

/** The input text of a job whose run waits for the test's word before it ends (see countRuns). */
export const HELD_TEXT = "Hold until the gate opens.";

/** The input text of a job whose run leaves a rejected promise behind that nothing handles. */
export const STRAY_REJECTION_TEXT = "Leave a promise rejected.";

/**
 * Wraps the generated agent's run as the test's own instrument across processes: each run appends
 * "start <job id>" to $RUN_LOG as it begins and "end <job id>" once its result is made (appends of
 * one short line are atomic). A job whose text is HELD_TEXT makes its result only once the file
 * $RUN_GATES/<job id> exists (see openGate); one whose text is STRAY_REJECTION_TEXT starts a
 * promise that rejects with nobody awaiting it, as careless agent code does.
 */
export async function countRuns(dir: string): Promise<void> {
  await allowRunInstrumentOnDeno(dir);
  await rename(join(dir, "src/agent.ts"), join(dir, "src/example-agent.ts"));
  await writeFile(
    join(dir, "src/agent.ts"),
    `import { appendFileSync, existsSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import * as example from "./example-agent.ts";
import type { JobContext } from "masumi-agent";

export const { inputSchema, demo } = example;

export async function run(input: example.Input, ctx: JobContext): Promise<string> {
  appendFileSync(process.env.RUN_LOG!, \`start \${ctx.jobId}\\n\`);
  if (input.text === ${JSON.stringify(HELD_TEXT)}) {
    const gate = \`\${process.env.RUN_GATES}/\${ctx.jobId}\`;
    while (!existsSync(gate)) await sleep(50, undefined, { signal: ctx.signal });
  }
  if (input.text === ${JSON.stringify(STRAY_REJECTION_TEXT)}) {
    void sleep(10).then(() => Promise.reject(new Error("a stray promise of the agent")));
  }
  const result = await example.run(input, ctx);
  appendFileSync(process.env.RUN_LOG!, \`end \${ctx.jobId}\\n\`);
  return result;
}
`,
  );
}

/**
 * Deno's start task reads only the variables that .env.example names: a Deno project's is granted
 * those of the run instrument too. Nothing to do for the other runtimes.
 */
async function allowRunInstrumentOnDeno(dir: string): Promise<void> {
  const path = join(dir, "deno.json");
  if (!existsSync(path)) return;
  const denoJson = JSON.parse(await readFile(path, "utf8")) as {
    tasks: { start: string };
  };
  denoJson.tasks.start = denoJson.tasks.start.replace(
    "--allow-env=",
    "--allow-env=RUN_LOG,RUN_GATES,",
  );
  await writeFile(path, JSON.stringify(denoJson, null, 2));
}

/** Lets the held run of this job make its result (see countRuns). */
export async function openGate(gates: string, jobId: string): Promise<void> {
  await writeFile(join(gates, jobId), "");
}

/** How often each job id had an `event` ("start" or "end") in the run log. */
export async function runCounts(
  runLog: string,
  event: "start" | "end" = "start",
): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  const lines = (await readFile(runLog, "utf8").catch(() => ""))
    .split("\n")
    .filter((line) => line.startsWith(`${event} `));
  for (const line of lines) {
    const id = line.slice(event.length + 1);
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}
