import { readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Persistence } from "../../src/options.js";
import {
  generateProject,
  installProject,
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

/** Generates and installs the default stack with this store. */
export async function installedProject(
  persistence: Persistence,
  projectName = `agent-${persistence}`,
): Promise<string> {
  const dir = await generateProject({
    projectName,
    runtime: "node",
    framework: "hono",
    persistence,
    payment: "simulated",
    packageManager: "npm",
  });
  await installProject(dir);
  return dir;
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

/**
 * Wraps the generated agent's run so that each call appends its job id to $RUN_LOG: the test's
 * own instrument for counting runs across processes (appends of one short line are atomic).
 */
export async function countRuns(dir: string): Promise<void> {
  await rename(join(dir, "src/agent.ts"), join(dir, "src/example-agent.ts"));
  await writeFile(
    join(dir, "src/agent.ts"),
    `import { appendFileSync } from "node:fs";
import * as example from "./example-agent.ts";
import type { JobContext } from "./jobs/types.ts";

export const { inputSchema, demo } = example;

export function run(input: example.Input, ctx: JobContext): Promise<string> {
  appendFileSync(process.env.RUN_LOG!, ctx.jobId + "\\n");
  return example.run(input, ctx);
}
`,
  );
}

/** How often each job id was run, from the run log. */
export async function runCounts(runLog: string): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  const lines = (await readFile(runLog, "utf8").catch(() => ""))
    .split("\n")
    .filter(Boolean);
  for (const id of lines) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
}
