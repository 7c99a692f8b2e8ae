import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROFILES } from "../../packages/masumi-agent/src/check/types.js";
import { PERSISTENCES } from "../../src/options.js";
import {
  startProject,
  type RunningServer,
} from "../helpers/generated-project.js";
import {
  inParallel,
  jobStatus,
  provideInput,
  startJob,
  waitForJobs,
} from "./jobs-client.js";
import {
  expectConformance,
  FAST_RECOVERY_ENV,
  freshStore,
  installedProject,
  storeAvailable,
} from "./store-fixtures.js";
import type { StoreServer } from "./store-servers.js";

/**
 * Every store behind a real generated agent, over HTTP: the conformance checker passes, 2,000
 * concurrent starts all land, and a kill -9 in the middle of jobs loses none of them.
 */
for (const persistence of PERSISTENCES) {
  const available = await storeAvailable(persistence);
  const durable = persistence !== "memory";

  describe.skipIf(!available)(`${persistence} store`, () => {
    let dir: string;
    let store: StoreServer;
    let agent: RunningServer;
    const loadIds: string[] = [];

    beforeAll(async () => {
      store = await freshStore(persistence);
      dir = await installedProject(persistence);
      agent = await startProject(dir, { ...store.env, ...FAST_RECOVERY_ENV });
    });

    afterAll(async () => {
      await agent?.stop();
      await store?.remove();
    });

    it.each(PROFILES)(
      "passes the conformance check (%s)",
      (profile) => expectConformance(agent, profile),
      120_000,
    );

    it.skipIf(!durable)(
      "takes 2,000 start_job at concurrency 50 without an error, each id unique and readable",
      async () => {
        const ids = await inParallel(2000, 50, () => startJob(agent.url));
        expect(new Set(ids).size).toBe(2000);
        const read = await inParallel(ids.length, 50, (index) =>
          jobStatus(agent.url, ids[index]!),
        );
        expect(read.map((job) => job.job_id)).toEqual(ids);
        loadIds.push(...ids);
      },
      120_000,
    );

    it.skipIf(!durable)(
      "loses no job to kill -9: each one ends completed or failed with a message",
      async () => {
        const reviewed = await inParallel(10, 10, () =>
          startJob(agent.url, { text: "Check me.", review: true }),
        );
        await waitForJobs(agent.url, reviewed, ["awaiting_input"], 10_000);
        const paying = await inParallel(30, 10, () => startJob(agent.url));
        await agent.kill();

        agent = await startProject(dir, { ...store.env, ...FAST_RECOVERY_ENV });
        const answered = await waitForJobs(
          agent.url,
          reviewed,
          ["awaiting_input"],
          5_000,
        );
        for (const job of answered) {
          expect(
            await provideInput(agent.url, job.job_id, job.id, {
              approve: true,
            }),
          ).toBe(200);
        }
        const ended = await waitForJobs(
          agent.url,
          [...reviewed, ...paying],
          ["completed", "failed"],
          20_000,
        );
        for (const job of ended) {
          if (job.status === "failed") expect(job.message).toBeTruthy();
        }
        expect(ended.filter((job) => job.status === "completed")).toHaveLength(
          40,
        );
        // The jobs of the load test are all still there too.
        const before = await inParallel(loadIds.length, 50, (index) =>
          jobStatus(agent.url, loadIds[index]!),
        );
        expect(before.every((job) => job.status === "completed")).toBe(true);
      },
      120_000,
    );
  });
}
