import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Runtime } from "../../src/options.js";
import { startCommand, startProject, type RunningServer } from "../helpers/generated-project.js";
import { listeningPid } from "../helpers/processes.js";
import { inParallel, jobStatus, startJob, waitForJobs } from "../persistence/jobs-client.js";
import {
  countRuns,
  FAST_RECOVERY_ENV,
  freshStore,
  HELD_TEXT,
  installedProject,
  openGate,
  runCounts,
  storeAvailable,
  storeStack,
  STRAY_REJECTION_TEXT,
} from "../persistence/store-fixtures.js";
import type { StoreServer } from "../persistence/store-servers.js";

/**
 * SIGTERM or SIGINT while jobs run: the agent lets the runs that end within SHUTDOWN_GRACE_MS
 * finish, exits 0, and the next start on the same store finishes the others. Real generated
 * projects on real stores, started with their own start command; the signal goes to the server
 * process, as a supervisor sends it to the process it runs.
 */

const GRACE_MS = 5_000;
/** Jobs whose runs the test lets end during the grace period, and jobs it holds past it. */
const SHORT_JOBS = 3;
const LONG_JOBS = 3;

interface Case {
  runtime: Runtime;
  persistence: "sqlite" | "postgres";
  signal: "SIGTERM" | "SIGINT";
}

const CASES: Case[] = [
  { runtime: "node", persistence: "sqlite", signal: "SIGTERM" },
  { runtime: "node", persistence: "sqlite", signal: "SIGINT" },
  { runtime: "node", persistence: "postgres", signal: "SIGTERM" },
  { runtime: "bun", persistence: "sqlite", signal: "SIGTERM" },
  { runtime: "deno", persistence: "sqlite", signal: "SIGTERM" },
];

for (const { runtime, persistence, signal } of CASES) {
  const available = await storeAvailable(persistence);

  describe.skipIf(!available)(`${runtime} + hono + ${persistence}, ${signal}`, () => {
    const stack = storeStack(persistence, `agent-shutdown-${runtime}-${persistence}`, runtime);
    let store: StoreServer;
    let dir: string;
    let runLog: string;
    let gates: string;
    const servers: RunningServer[] = [];

    const start = async () => {
      const server = await startProject(
        dir,
        {
          ...store.env,
          ...FAST_RECOVERY_ENV,
          SHUTDOWN_GRACE_MS: String(GRACE_MS),
          RUN_LOG: runLog,
          RUN_GATES: gates,
        },
        startCommand(stack),
      );
      servers.push(server);
      return server;
    };

    beforeAll(async () => {
      store = await freshStore(persistence);
      dir = await installedProject(persistence, stack.projectName, runtime);
      await countRuns(dir);
      // Under data/, which Deno's start task may read and write.
      runLog = join(dir, "data", "runs.log");
      gates = join(dir, "data", "gates");
      await mkdir(gates, { recursive: true });
    });

    afterAll(async () => {
      await Promise.all(servers.map((server) => server.stop()));
      await store?.remove();
    });

    it("finishes the short jobs within the grace period, exits 0, and loses none of the others", async () => {
      const first = await start();
      // A promise the agent left rejected is logged; the process and its other jobs go on.
      const stray = await startJob(first.url, { text: STRAY_REJECTION_TEXT });
      await waitForJobs(first.url, [stray], ["completed"], 30_000);
      await expect
        .poll(() => first.output(), { timeout: 10_000 })
        .toContain("A promise failed and nothing handled it");
      const startHeld = () => startJob(first.url, { text: HELD_TEXT });
      const short = await inParallel(SHORT_JOBS, SHORT_JOBS, startHeld);
      const long = await inParallel(LONG_JOBS, LONG_JOBS, startHeld);
      const all = [...short, ...long];
      await expect
        .poll(
          async () => {
            const starts = await runCounts(runLog);
            return all.filter((id) => starts.get(id) !== 1);
          },
          { timeout: 30_000, interval: 100 },
        )
        .toEqual([]);

      const pid = await listeningPid(Number(new URL(first.url).port));
      expect(pid).toBeDefined();
      process.kill(pid as number, signal);
      await expect.poll(() => first.output(), { timeout: 10_000 }).toContain(`${signal} received: shutting down`);
      // The short runs end now, within the grace period; the long ones stay held past it.
      await Promise.all(short.map((id) => openGate(gates, id)));

      expect(await first.exit, first.output()).toEqual({ code: 0, signal: null });
      expect(first.output()).toContain("Some jobs were still running");
      const ends = await runCounts(runLog, "end");
      expect(all.map((id) => ends.get(id) ?? 0)).toEqual([...short.map(() => 1), ...long.map(() => 0)]);

      // The next start on the same store: the short jobs are done, the long ones run again.
      await Promise.all(long.map((id) => openGate(gates, id)));
      const second = await start();
      for (const id of short) {
        expect(await jobStatus(second.url, id)).toMatchObject({
          status: "completed",
          result: expect.stringContaining("Words: 5"),
        });
      }
      const done = await waitForJobs(second.url, all, ["completed"], 30_000);
      for (const job of done) expect(job.result).toContain("Words: 5");
      const [starts, finalEnds] = [await runCounts(runLog), await runCounts(runLog, "end")];
      expect(all.map((id) => starts.get(id))).toEqual([...short.map(() => 1), ...long.map(() => 2)]);
      expect(all.map((id) => finalEnds.get(id))).toEqual(all.map(() => 1));
    }, 120_000);
  });
}
