/**
 * Memory of the default agent (Node + Hono + SQLite + simulated payments, default settings) over
 * 100,000 completed jobs: the jobs live in the store, so the process's RSS must level off rather
 * than grow with the jobs. Starts the generated agent, sends the jobs in steps of a tenth with
 * autocannon (50 connections), waits after each step until a job started last has completed, and
 * prints the server's RSS and the SQLite file's size then. Prints numbers, asserts nothing.
 *
 *   npx tsx bench/memory.ts            # 100,000 jobs; JOBS=20000 for fewer, QUICK=1 for 10,000
 */
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import autocannon from "autocannon";
import { STACK_DEFAULTS } from "../src/options.js";
import { generateProject, installStackProject, startCommand, startProject } from "../test/helpers/generated-project.js";
import { listeningPid, processMemory } from "../test/helpers/processes.js";
import { JOB_BODY } from "./anchors.js";
import { QUICK } from "./measure.js";

const JOBS = Number(process.env.JOBS ?? (QUICK ? 10_000 : 100_000));
const STEPS = 10;

async function startJob(url: string): Promise<string> {
  const response = await fetch(`${url}/start_job`, { method: "POST", headers: { "content-type": "application/json" }, body: JOB_BODY });
  return ((await response.json()) as { job_id: string }).job_id;
}

async function untilCompleted(url: string, jobId: string): Promise<void> {
  for (;;) {
    const { status } = (await (await fetch(`${url}/status?job_id=${jobId}`)).json()) as { status: string };
    if (status === "completed") return;
    if (status === "failed") throw new Error(`job ${jobId} failed`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The SQLite database and its WAL, in bytes. */
async function storeBytes(dataDir: string): Promise<number> {
  const names = (await readdir(dataDir)).filter((name) => name.startsWith("jobs.db"));
  const sizes = await Promise.all(names.map(async (name) => (await stat(join(dataDir, name))).size));
  return sizes.reduce((sum, size) => sum + size, 0);
}

const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1).padStart(7);

const stack = { projectName: "bench-memory", ...STACK_DEFAULTS, packageManager: "npm" } as const;
const dir = await generateProject(stack);
await installStackProject(dir, stack);
const server = await startProject(dir, {}, startCommand(stack));
try {
  const pid = await listeningPid(Number(new URL(server.url).port));
  if (pid === undefined) throw new Error("the server's process was not found");
  await untilCompleted(server.url, await startJob(server.url));
  console.log(`default agent (${stack.runtime} + ${stack.framework} + ${stack.persistence} + ${stack.payment}), ${JOBS} jobs in ${STEPS} steps`);
  console.log("completed jobs   RSS MiB  peak MiB  store MiB  start_job req/s");
  const row = async (completed: number, rps: string) => {
    const memory = await processMemory(pid);
    const store = await storeBytes(join(dir, "data"));
    console.log(`${String(completed).padStart(14)}  ${mib(memory.rss)}  ${mib(memory.peak)}   ${mib(store)}  ${rps}`);
  };
  await row(0, "");
  for (let step = 1; step <= STEPS; step++) {
    const result = await autocannon({
      url: `${server.url}/start_job`,
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JOB_BODY,
      connections: 50,
      amount: JOBS / STEPS,
    });
    if (result.non2xx > 0 || result.errors > 0) console.log(`  step ${step}: ${result.non2xx} non-2xx, ${result.errors} errors`);
    // Jobs complete in the order they started (same payment delay, same work): the last one
    // started completing means the step's jobs did too.
    await untilCompleted(server.url, await startJob(server.url));
    await row((step * JOBS) / STEPS, result.requests.average.toFixed(0).padStart(15));
  }
} finally {
  await server.stop();
}
