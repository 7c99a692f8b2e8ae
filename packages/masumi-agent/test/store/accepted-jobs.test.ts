import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import type { Agent } from "../../src/jobs/types.ts";
import { wordsSchema } from "../helpers/agents.ts";
import { startJob, startServedAgent } from "../helpers/served-agent.ts";
import { describeEachStore, DURABLE, openTestStore } from "../helpers/stores.ts";

let dataDir: string;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "agent-accepted-"));
});

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

/** A run that never ends: the jobs stay as /start_job left them. */
const hanging: Agent = { inputSchema: wordsSchema, run: () => new Promise(() => {}) };

await describeEachStore(
  "accepted jobs",
  (testStore) => {
    it("are stored before /start_job answers", async () => {
      const agent = await startServedAgent({ dataDir, store: testStore, agent: hanging });
      // Another process: it sees only what was committed.
      const other = await openTestStore(testStore, dataDir);
      try {
        // Started together, so that the store writes them in the same batches.
        const stored = await Promise.all(
          Array.from({ length: 20 }, async (_, index) => {
            const { id } = await startJob(agent, { text: `accepted ${index}` });
            return (await other.get(id as string))?.id;
          }),
        );
        expect(stored.every((id) => typeof id === "string")).toBe(true);
      } finally {
        await other.close();
        await agent.stop(10);
      }
    });
  },
  DURABLE,
);
