import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { expect, it } from "vitest";
import { describeEachStore, openTestStore } from "../helpers/stores.ts";

await describeEachStore(
  "PostgreSQL's jobs table",
  (testStore) => {
    it("leaves half of each page for the next versions of its jobs (fillfactor 50)", async () => {
      const dataDir = await mkdtemp(join(tmpdir(), "agent-store-"));
      const store = await openTestStore(testStore, dataDir);
      const client = new pg.Client({ connectionString: testStore.env.DATABASE_URL });
      try {
        await client.connect();
        const { rows } = await client.query<{ reloptions: string[] | null }>(
          "SELECT reloptions FROM pg_class WHERE oid = 'jobs'::regclass",
        );
        expect(rows[0]?.reloptions).toEqual(["fillfactor=50"]);
      } finally {
        await client.end();
        await store.close();
        await rm(dataDir, { recursive: true, force: true });
      }
    });
  },
  (testStore) => testStore.kind === "postgres",
);
