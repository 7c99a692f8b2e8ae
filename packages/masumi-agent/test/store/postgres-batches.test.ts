import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import type { JobStore } from "../../src/store/store.ts";
import { newJob } from "../helpers/agents.ts";
import { describeEachStore, openTestStore } from "../helpers/stores.ts";

// PostgreSQL writes the jobs of one turn in one statement (see PostgresJobStore).

await describeEachStore(
  "PostgreSQL's batched writes",
  (testStore) => {
    let dataDir: string;
    let store: JobStore;

    beforeEach(async () => {
      dataDir = await mkdtemp(join(tmpdir(), "agent-store-"));
      store = await openTestStore(testStore, dataDir);
    });

    afterEach(async () => {
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    });

    it("fail alone when the database refuses the statement for one job", async () => {
      const lease = { owner: "a", until: Date.now() + 60_000 };
      const [before, after] = [newJob(), newJob()];
      // PostgreSQL's text holds no NUL character: the batch's INSERT fails as a whole.
      const refused = newJob({ id: "nul\u0000id" });
      const writes = await Promise.allSettled([
        store.create(before, lease),
        store.create(refused, lease),
        store.create(after, lease),
      ]);
      expect(writes.map((write) => write.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
      expect(await store.get(before.id)).toEqual(before);
      expect(await store.get(after.id)).toEqual(after);
    });
  },
  (testStore) => testStore.kind === "postgres",
);
