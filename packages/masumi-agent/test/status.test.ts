import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, expect, it, describe } from "vitest";
import { heldAgent } from "./helpers/agents.ts";
import {
  startJob,
  startServedAgent,
  type Json,
  type ServedAgent as TestAgent,
  type ServedAgentOptions,
} from "./helpers/served-agent.ts";
import { describeEachStore } from "./helpers/stores.ts";
await describeEachStore("GET /status between changes", (store) => {
  const startTestAgent = (options: ServedAgentOptions = {}) =>
    startServedAgent({ store, ...options });

  // Sokosumi notices that a job changed by hashing the whole /status answer, so the answer must stay
  // the same, byte for byte in JSON, for as long as the job does.

  /** The shortest lease JOB_LEASE_MS allows: the heartbeat renews it every third of it. */
  const LEASE_MS = 1000;

  let agent: TestAgent;

  afterEach(async () => {
    await agent.stop();
  });

  async function status(jobId: string): Promise<Json> {
    const { status: code, body } = await agent.get(`/status?job_id=${jobId}`);
    expect(code).toBe(200);
    return body;
  }

  /** Polls twice, then again after the heartbeat renewed the job's lease a few times. */
  async function expectSteady(jobId: string): Promise<void> {
    const first = await status(jobId);
    expect(await status(jobId)).toEqual(first);
    await sleep(LEASE_MS);
    expect(await status(jobId)).toEqual(first);
  }

  describe("GET /status between changes", () => {
    it("answers the same while a job runs and after it completed", async () => {
      const held = heldAgent();
      agent = await startTestAgent({
        agent: held,
        env: { JOB_LEASE_MS: `${LEASE_MS}` },
      });
      const { id } = await startJob(agent, { text: "steady" });
      const run = await held.started(id);
      await expectSteady(id);
      run.finish("done");
      await agent.waitForStatus(id, "completed");
      await expectSteady(id);
    });

    it("answers the same while a job awaits input", async () => {
      agent = await startTestAgent({ env: { JOB_LEASE_MS: `${LEASE_MS}` } });
      const { id } = await startJob(agent, {
        text: "Review me.",
        review: true,
      });
      await agent.waitForStatus(id, "awaiting_input");
      await expectSteady(id);
    });
  });
});
