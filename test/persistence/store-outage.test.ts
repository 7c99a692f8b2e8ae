import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  startProject,
  type RunningServer,
} from "../helpers/generated-project.js";
import {
  PURCHASER,
  provideInput,
  startJob,
  waitForJobs,
} from "./jobs-client.js";
import {
  countRuns,
  FAST_RECOVERY_ENV,
  freshStore,
  HELD_TEXT,
  installedProject,
  openGate,
  runCounts,
  storeAvailable,
} from "./store-fixtures.js";
import type { StoreServer } from "./store-servers.js";
import { startTcpProxy, type Outage, type TcpProxy } from "./tcp-proxy.js";

/**
 * PostgreSQL and Redis going away under a running agent, through a proxy that cuts them off: while
 * they are gone, requests that need the store answer a JSON 503 in bounded time, the failure is
 * logged and the process stays up; once they are back, the same process answers again and no job
 * is lost, not even one whose run made its result while the store was gone.
 */

const URL_VARIABLE = { postgres: "DATABASE_URL", redis: "REDIS_URL" } as const;

const OUTAGES: readonly Outage[] = ["refuse", "silence"];

/** A reply later than this counts as a hang: well past the stores' 5 s client timeouts. */
const REPLY_BOUND_MS = 15_000;

interface Reply {
  status: number;
  contentType: string | null;
  body: unknown;
  ms: number;
}

async function request(
  url: string,
  body?: Record<string, unknown>,
): Promise<Reply> {
  const started = performance.now();
  const response = await fetch(url, {
    signal: AbortSignal.timeout(REPLY_BOUND_MS),
    ...(body && {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON: left as text, for the assertion to show.
  }
  return {
    status: response.status,
    contentType: response.headers.get("content-type"),
    body: parsed,
    ms: Math.round(performance.now() - started),
  };
}

for (const persistence of ["postgres", "redis"] as const) {
  const available = await storeAvailable(persistence);

  describe.skipIf(!available)(`${persistence} goes away and comes back`, () => {
    let store: StoreServer;
    let proxy: TcpProxy;
    let agent: RunningServer;
    let runLog: string;
    let gates: string;

    beforeAll(async () => {
      store = await freshStore(persistence);
      proxy = await startTcpProxy(store.env[URL_VARIABLE[persistence]]!);
      const dir = await installedProject(
        persistence,
        `agent-${persistence}-outage`,
      );
      await countRuns(dir);
      runLog = join(dir, "runs.log");
      gates = join(dir, "gates");
      await mkdir(gates);
      agent = await startProject(dir, {
        ...store.env,
        [URL_VARIABLE[persistence]]: proxy.url,
        ...FAST_RECOVERY_ENV,
        RUN_LOG: runLog,
        RUN_GATES: gates,
      });
    }, 120_000);

    afterAll(async () => {
      await agent?.stop();
      await proxy?.close();
      await store?.remove();
    });

    it.each(OUTAGES)(
      "%s: JSON 503 while it lasts, the same process serves again after, no job lost",
      async (outage) => {
        // Before: a run held open, a run paused for input, a finished job.
        const held = await startJob(agent.url, { text: HELD_TEXT });
        const reviewed = await startJob(agent.url, {
          text: "Check me.",
          review: true,
        });
        const done = await startJob(agent.url);
        await expect
          .poll(async () => (await runCounts(runLog)).get(held), {
            timeout: 10_000,
            interval: 25,
            message: "the held run to start",
          })
          .toBe(1);
        const [waiting] = await waitForJobs(
          agent.url,
          [reviewed],
          ["awaiting_input"],
          10_000,
        );
        await waitForJobs(agent.url, [done], ["completed"], 10_000);

        await proxy.cut(outage);
        const refused = await Promise.all([
          request(`${agent.url}/status?job_id=${done}`),
          request(`${agent.url}/start_job`, {
            identifier_from_purchaser: PURCHASER,
            input_data: { text: "Hello there." },
          }),
          request(`${agent.url}/provide_input`, {
            job_id: reviewed,
            status_id: waiting!.id,
            input_data: { approve: true },
          }),
        ]);
        for (const reply of refused) {
          expect(reply.status, JSON.stringify(reply.body)).toBe(503);
          expect(reply.contentType).toMatch(/^application\/json/);
          expect(reply.body).toMatchObject({ error: "unavailable" });
        }
        // Availability does not ask the store itself: it says what the heartbeat (every third
        // of the 1 s lease) found, so marketplaces stop sending jobs that would be refused.
        await expect
          .poll(
            async () => {
              const { status, body } = await request(
                `${agent.url}/availability`,
              );
              return {
                status,
                message: (body as { message?: string }).message,
              };
            },
            {
              timeout: REPLY_BOUND_MS,
              interval: 25,
              message: "/availability to say the store is gone",
            },
          )
          .toEqual({
            status: 503,
            message: "The job store is unavailable; retry later",
          });
        expect(agent.output()).toContain("The job store is unavailable");

        // The held run makes its result while the store is gone.
        await openGate(gates, held);
        await expect
          .poll(async () => (await runCounts(runLog, "end")).get(held), {
            timeout: 10_000,
            interval: 25,
            message: "the held run to end",
          })
          .toBe(1);

        await proxy.restore();
        const restored = performance.now();
        await expect
          .poll(
            async () =>
              (await request(`${agent.url}/status?job_id=${done}`)).status,
            {
              timeout: 30_000,
              interval: 25,
              message: "/status to answer 200 again",
            },
          )
          .toBe(200);
        const backMs = Math.round(performance.now() - restored);
        await expect
          .poll(
            async () => (await request(`${agent.url}/availability`)).status,
            {
              timeout: REPLY_BOUND_MS,
              interval: 25,
              message: "/availability to say available again",
            },
          )
          .toBe(200);
        expect(agent.output()).toContain("The job store answers again");

        expect(
          await provideInput(agent.url, reviewed, waiting!.id, {
            approve: true,
          }),
        ).toBe(200);
        const ended = await waitForJobs(
          agent.url,
          [held, reviewed, done, await startJob(agent.url)],
          ["completed"],
          30_000,
        );
        expect(ended[0]!.result).toMatch(/^Words: 5\n/);
        // Its result was kept, not made again by a second run.
        expect((await runCounts(runLog)).get(held)).toBe(1);

        console.info(
          `${persistence}, ${outage}: 503 after ${refused.map((reply) => reply.ms).join(", ")} ms ` +
            `(status, start_job, provide_input); 200 again ${backMs} ms after the restore`,
        );
      },
      90_000,
    );
  });
}
