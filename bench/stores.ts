/**
 * Store throughput and resilience: per store, a generated agent (node + hono + simulated) on
 * loopback, /start_job and /status at concurrency 50 with autocannon (req/s, p99 latency); then,
 * for the durable stores, a kill -9 in the middle of 40 jobs and a restart, and for PostgreSQL
 * and Redis three instances sharing 300 jobs. Run with `npx tsx bench/stores.ts`; prints numbers,
 * asserts nothing. Stores whose server is not reachable are left out.
 */
import autocannon from "autocannon";
import { PERSISTENCES, type Persistence } from "../src/options.js";
import {
  startProject,
  type RunningServer,
} from "../test/helpers/generated-project.js";
import {
  inParallel,
  PURCHASER,
  startJob,
  waitForJobs,
} from "../test/persistence/jobs-client.js";
import {
  countRuns,
  FAST_RECOVERY_ENV,
  freshStore,
  installedProject,
  runCounts,
  SHARED_ENV,
  storeAvailable,
} from "../test/persistence/store-fixtures.js";
import { QUICK } from "./measure.js";

const CONNECTIONS = 50;
const SECONDS = QUICK ? 3 : 10;

interface Throughput {
  requestsPerSecond: number;
  p99Ms: number;
  errors: number;
}

async function load(options: autocannon.Options): Promise<Throughput> {
  const result = await autocannon({
    connections: CONNECTIONS,
    duration: SECONDS,
    ...options,
  });
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p99Ms: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

function startJobLoad(url: string): Promise<Throughput> {
  return load({
    url: `${url}/start_job`,
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      identifier_from_purchaser: PURCHASER,
      input_data: { text: "Hello." },
    }),
  });
}

async function statusLoad(url: string): Promise<Throughput> {
  const jobId = await startJob(url);
  return load({ url: `${url}/status?job_id=${jobId}` });
}

/** Kill -9 with 10 jobs awaiting input and 30 awaiting payment; how they end after a restart. */
async function crash(
  dir: string,
  env: Record<string, string>,
): Promise<string> {
  let agent: RunningServer = await startProject(dir, env);
  const reviewed = await inParallel(10, 10, () =>
    startJob(agent.url, { text: "Hi.", review: true }),
  );
  await waitForJobs(agent.url, reviewed, ["awaiting_input"], 10_000);
  const paying = await inParallel(30, 10, () => startJob(agent.url));
  await agent.kill();
  const restartedAt = Date.now();
  agent = await startProject(dir, env);
  const resumed = await waitForJobs(
    agent.url,
    paying,
    ["completed", "failed"],
    30_000,
  );
  const seconds = ((Date.now() - restartedAt) / 1000).toFixed(1);
  const waiting = await waitForJobs(
    agent.url,
    reviewed,
    ["awaiting_input"],
    5_000,
  );
  await agent.stop();
  const completed = resumed.filter((job) => job.status === "completed").length;
  return `${completed}/30 paid jobs completed ${seconds} s after the restart, ${waiting.length}/10 still awaiting input`;
}

/** Three instances, 300 jobs round-robin: how many ran exactly once, and how long it took. */
async function scaleOut(
  persistence: Persistence,
  env: Record<string, string>,
): Promise<string> {
  const dir = await installedProject(
    persistence,
    `bench-${persistence}-counted`,
  );
  await countRuns(dir);
  const runLog = `${dir}/runs.log`;
  const instances = await Promise.all(
    [0, 1, 2].map(() => startProject(dir, { ...env, RUN_LOG: runLog })),
  );
  try {
    const started = Date.now();
    const ids = await inParallel(300, 30, (index) =>
      startJob(instances[index % 3]!.url),
    );
    await waitForJobs(instances[0]!.url, ids, ["completed"], 60_000);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const counts = await runCounts(runLog);
    const once = ids.filter((id) => counts.get(id) === 1).length;
    return `300 jobs on 3 instances: all completed in ${seconds} s, ${once}/300 ran exactly once`;
  } finally {
    await Promise.all(instances.map((instance) => instance.stop()));
  }
}

async function benchStore(persistence: Persistence): Promise<void> {
  const store = await freshStore(persistence);
  try {
    const dir = await installedProject(persistence, `bench-${persistence}`);
    // Throughput with the production lease (30 s); the crash with a short one, to be quick.
    const agent = await startProject(dir, {
      ...store.env,
      SIMULATED_PAYMENT_DELAY_MS: "200",
    });
    const started = await startJobLoad(agent.url);
    const status = await statusLoad(agent.url);
    await agent.stop();
    const line = (name: string, t: Throughput) =>
      `  ${name.padEnd(10)} ${String(t.requestsPerSecond).padStart(6)} req/s  p99 ${String(t.p99Ms).padStart(4)} ms  errors ${t.errors}`;
    console.log(
      `${persistence} (concurrency ${CONNECTIONS}, ${SECONDS} s each)`,
    );
    console.log(line("start_job", started));
    console.log(line("status", status));
    if (persistence !== "memory")
      console.log(
        `  crash      ${await crash(dir, { ...store.env, ...FAST_RECOVERY_ENV })}`,
      );
    if (persistence === "postgres" || persistence === "redis") {
      console.log(
        `  scale-out  ${await scaleOut(persistence, { ...store.env, ...SHARED_ENV })}`,
      );
    }
  } finally {
    await store.remove();
  }
}

for (const persistence of PERSISTENCES) {
  if (await storeAvailable(persistence)) await benchStore(persistence);
}
