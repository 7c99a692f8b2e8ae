import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
  countRuns,
  SHARED_ENV,
  freshStore,
  installedProject,
  runCounts,
  storeAvailable,
} from "./store-fixtures.js";
import type { StoreServer } from "./store-servers.js";

for (const persistence of ["postgres", "redis"] as const) {
  const available = await storeAvailable(persistence);

  describe.skipIf(!available)(
    `${persistence}: three instances share one store`,
    () => {
      let store: StoreServer;
      let runLog: string;
      let instances: RunningServer[] = [];

      beforeAll(async () => {
        store = await freshStore(persistence);
        const dir = await installedProject(
          persistence,
          `agent-${persistence}-counted`,
        );
        await countRuns(dir);
        runLog = join(dir, "runs.log");
        // Started together: their schema setup must not trip over each other.
        const env = { ...store.env, ...SHARED_ENV, RUN_LOG: runLog };
        instances = await Promise.all(
          [0, 1, 2].map(() => startProject(dir, env)),
        );
      });

      afterAll(async () => {
        await Promise.all(instances.map((instance) => instance.stop()));
        await store?.remove();
      });

      it("runs each of 300 jobs started round-robin exactly once, readable from every instance", async () => {
        const ids = await inParallel(300, 30, (index) =>
          startJob(instances[index % 3]!.url),
        );
        const done = await waitForJobs(
          instances[0]!.url,
          ids,
          ["completed"],
          60_000,
        );
        expect(done).toHaveLength(300);

        const counts = await runCounts(runLog);
        expect(ids.filter((id) => counts.get(id) !== 1)).toEqual([]);

        for (const instance of instances) {
          const seen = await inParallel(ids.length, 30, (index) =>
            jobStatus(instance.url, ids[index]!),
          );
          expect(seen).toEqual(done);
        }
      }, 120_000);

      it("resumes a run paused on one instance when another takes the answer", async () => {
        const [a, b, c] = instances as [
          RunningServer,
          RunningServer,
          RunningServer,
        ];
        const id = await startJob(a.url, { text: "Check me.", review: true });
        const [waiting] = await waitForJobs(
          c.url,
          [id],
          ["awaiting_input"],
          10_000,
        );
        expect(
          await provideInput(b.url, id, waiting!.id, {
            approve: false,
            edited: "Edited on b.",
          }),
        ).toBe(200);
        const [done] = await waitForJobs(c.url, [id], ["completed"], 10_000);
        expect(done!.result).toBe("Edited on b.");
        expect((await runCounts(runLog)).get(id)).toBe(1);
      }, 30_000);

      it("hands the jobs of an instance killed with -9 to the others", async () => {
        const victim = instances[2]!;
        const ids = await inParallel(30, 10, () => startJob(victim.url));
        await victim.kill();
        instances = instances.slice(0, 2);
        const done = await waitForJobs(
          instances[1]!.url,
          ids,
          ["completed"],
          30_000,
        );
        expect(done).toHaveLength(30);
        // A run cut off by the kill runs again (that is the point), so at least once here.
        const counts = await runCounts(runLog);
        expect(ids.filter((id) => (counts.get(id) ?? 0) < 1)).toEqual([]);
      }, 60_000);
    },
  );
}
