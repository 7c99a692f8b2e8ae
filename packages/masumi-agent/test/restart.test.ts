import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { shownStatusId } from "../src/jobs/status-id.ts";
import type { Agent } from "../src/jobs/types.ts";
import { heldAgent, newJob, wordsSchema } from "./helpers/agents.ts";
import {
  startJob,
  startServedAgent,
  type ServedAgentOptions,
} from "./helpers/served-agent.ts";
import { describeEachStore, DURABLE, openTestStore } from "./helpers/stores.ts";

// Each test stops an agent and starts another on the same store and data directory, as a
// restart of the process does.

let dataDir: string;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "agent-restart-"));
});

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

/** A run that never ends, standing in for a process that dies in the middle of a job. */
const hanging: Agent = {
  inputSchema: wordsSchema,
  run: () => new Promise(() => {}),
};

await describeEachStore(
  "restarts",
  (testStore) => {
    const startTestAgent = (options: ServedAgentOptions) =>
      startServedAgent({ ...options, store: testStore });
    const openStore = () => openTestStore(testStore, dataDir);

    it("keep finished jobs and the signing key", async () => {
      const first = await startTestAgent({ dataDir });
      const { id } = await startJob(first, { text: "remember me" });
      const done = await first.waitForStatus(id, "completed");
      const publicKey = first.app.signer.publicKey;
      await first.stop();

      const second = await startTestAgent({ dataDir });
      expect((await second.get(`/status?job_id=${id}`)).body).toEqual(done);
      expect(second.app.signer.publicKey).toBe(publicKey);
      await second.stop();
    });

    it("run a job again that was running when the process stopped", async () => {
      const first = await startTestAgent({ dataDir, agent: hanging });
      const { id } = await startJob(first, { text: "survivor" });
      await first.waitForStatus(id, "running");
      await first.stop(10); // does not wait for the run: the job stays running in the store

      const second = await startTestAgent({ dataDir });
      const done = await second.waitForStatus(id, "completed");
      expect(done.result).toContain("Words: 1");
      await second.stop();
    });

    it("take over a running job whose process died holding its lease, and no live one's", async () => {
      const store = await openStore();
      const orphan = newJob();
      await store.create(orphan, {
        owner: "dead process",
        until: Date.now() - 1,
      });
      const busy = newJob();
      await store.create(busy, {
        owner: "live process",
        until: Date.now() + 60_000,
      });
      await store.close();

      const agent = await startTestAgent({ dataDir });
      const done = await agent.waitForStatus(orphan.id, "completed");
      expect(done.result).toContain("Words: 1");
      // The first sweep is over once the agent is started: the live process keeps its job.
      expect((await agent.get(`/status?job_id=${busy.id}`)).body).toMatchObject(
        {
          id: shownStatusId(busy),
          status: "running",
        },
      );
      await agent.stop();
    });

    it("fail a job, with a message, once restarts interrupted it too often", async () => {
      const store = await openStore();
      const job = newJob({ restarts: 3 });
      await store.create(job, { owner: "stopped process", until: 0 });
      await store.close();

      const agent = await startTestAgent({ dataDir });
      const failed = await agent.waitForStatus(job.id, "failed");
      expect(failed.message).toMatch(/interrupted by 4 restarts/);
      await agent.stop();
    });

    it("keep a job awaiting input, and take the input after the restart", async () => {
      const first = await startTestAgent({ dataDir });
      const { id } = await startJob(first, {
        text: "Check this.",
        review: true,
      });
      const waiting = await first.waitForStatus(id, "awaiting_input");
      await first.stop();

      const second = await startTestAgent({ dataDir });
      expect((await second.get(`/status?job_id=${id}`)).body).toEqual(waiting);
      const reply = await second.post("/provide_input", {
        job_id: id,
        status_id: waiting.id,
        input_data: { approve: false, edited: "Checked." },
      });
      expect(reply.status).toBe(200);
      const done = await second.waitForStatus(id, "completed");
      expect(done.result).toBe("Checked.");
      await second.stop();
    });

    it("let one of two processes on the same store win a transition", async () => {
      const [a, b] = [await openStore(), await openStore()];
      const job = newJob({ status: "awaiting_input" });
      await a.create(job, { owner: "a", until: Date.now() + 60_000 });
      const patch = { status: "running", statusId: randomUUID() } as const;
      const results = await Promise.all([
        a.transition(job.id, job.statusId, patch),
        b.transition(job.id, job.statusId, {
          ...patch,
          statusId: randomUUID(),
        }),
      ]);
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await b.get(job.id)).toEqual(results.find(Boolean));
      await a.close();
      await b.close();
    });

    it("answer /status the same for a running job that the next process runs again", async () => {
      // Sokosumi notices that a job changed by hashing the whole /status answer: a restart that
      // takes a running job over must not change it, as the job's status stays the same.
      const before = heldAgent();
      const first = await startTestAgent({ agent: before, dataDir });
      const { id } = await startJob(first, { text: "steady" });
      await before.started(id);
      const running = (await first.get(`/status?job_id=${id}`)).body;
      expect(running.status).toBe("running");
      // No grace: the run is stopped and its job left running for the next start.
      await first.stop(0);

      const after = heldAgent();
      const second = await startTestAgent({ agent: after, dataDir });
      try {
        const run = await after.started(id);
        expect((await second.get(`/status?job_id=${id}`)).body).toEqual(
          running,
        );
        run.finish("done");
        const done = await second.waitForStatus(id, "completed");
        expect(done.id).not.toBe(running.id);
      } finally {
        await second.stop();
      }
    });
  },
  DURABLE,
);
