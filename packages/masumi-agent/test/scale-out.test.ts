import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { inputSchemaHashes } from "../src/jobs/schema-hash.ts";
import type { Agent } from "../src/jobs/types.ts";
import { heldAgent, wordsSchema } from "./helpers/agents.ts";
import {
  startJob,
  startServedAgent,
  type ServedAgent,
} from "./helpers/served-agent.ts";
import { describeEachStore, DURABLE } from "./helpers/stores.ts";

// Several instances of an agent behind one load balancer share one store: any of them answers
// for any job, and a job whose instance is gone is taken over by another. (SQLite shares its
// file: the instances share the data directory.)

/** The shortest lease JOB_LEASE_MS allows; inputs are polled every 20 ms. */
const FAST = { env: { JOB_LEASE_MS: "1000" }, service: { inputPollMs: 20 } };

await describeEachStore(
  "two instances on one store",
  (store) => {
    let dataDir: string;
    const running: ServedAgent[] = [];
    const startInstance = async (
      options: Parameters<typeof startServedAgent>[0] = {},
    ) => {
      const instance = await startServedAgent({
        store,
        dataDir,
        ...FAST,
        ...options,
      });
      running.push(instance);
      return instance;
    };

    beforeEach(async () => {
      dataDir = await mkdtemp(join(tmpdir(), "agent-scale-out-"));
    });

    afterEach(async () => {
      for (const instance of running.splice(0)) await instance.stop();
      await rm(dataDir, { recursive: true, force: true });
    });

    it("answer /status for each other's jobs, the same answer", async () => {
      const [a, b] = [await startInstance(), await startInstance()];
      const { id } = await startJob(a, { text: "shared" });
      const done = await a.waitForStatus(id, "completed");
      expect((await b.get(`/status?job_id=${id}`)).body).toEqual(done);
    });

    it("take the answer to a question on another instance than the one whose run asked", async () => {
      const [a, b] = [await startInstance(), await startInstance()];
      const { id } = await startJob(a, {
        text: "Two. Sentences.",
        review: true,
      });
      const waiting = await b.waitForStatus(id, "awaiting_input");
      const [hash] = inputSchemaHashes(waiting.input_schema);
      const reply = await b.post("/provide_input", {
        job_id: id,
        input_schema_hash: hash,
        input_data: { approve: false, edited: "Edited on b" },
      });
      expect(reply.status).toBe(200);
      // The run paused on a sees the answer by its poll, and finishes there.
      const done = await a.waitForStatus(id, "completed");
      expect(done.result).toBe("Edited on b");
    });

    it("take over the running jobs of an instance that stopped", async () => {
      const gone = heldAgent();
      const a = await startInstance({ agent: gone });
      const { id } = await startJob(a, { text: "orphan" });
      await gone.started(id);
      const b = await startInstance();
      // a stops without a grace period: its run is cut off and its lease released.
      running.splice(running.indexOf(a), 1);
      await a.stop(0);
      const done = await b.waitForStatus(id, "completed");
      expect(done.result).toBe("Words: 1\nSentences: 1");
    });

    it("run each job once, though both sweep for jobs to take over", async () => {
      const runs = new Map<string, number>();
      const counting: Agent = {
        inputSchema: wordsSchema,
        run: async (_input, ctx) => {
          runs.set(ctx.jobId, (runs.get(ctx.jobId) ?? 0) + 1);
          return "counted";
        },
      };
      const [a, b] = [
        await startInstance({ agent: counting }),
        await startInstance({ agent: counting }),
      ];
      const ids = [];
      for (let index = 0; index < 6; index++) {
        ids.push(
          (await startJob(index % 2 ? a : b, { text: `job ${index}` })).id,
        );
      }
      for (const id of ids) await a.waitForStatus(id, "completed");
      expect(ids.map((id) => runs.get(id))).toEqual(ids.map(() => 1));
    });
  },
  DURABLE,
);
