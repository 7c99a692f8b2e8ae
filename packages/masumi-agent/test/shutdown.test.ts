import { afterEach, expect, it, describe } from "vitest";
import { heldAgent, PURCHASER } from "./helpers/agents.ts";
import {
  startJob,
  startServedAgent,
  type ServedAgent as TestAgent,
  type ServedAgentOptions,
} from "./helpers/served-agent.ts";
import { describeEachStore } from "./helpers/stores.ts";
await describeEachStore("shutdown", (store) => {
  const startTestAgent = (options: ServedAgentOptions = {}) =>
    startServedAgent({ store, ...options });

  // The job service's part of a shutdown (src/main.ts on SIGTERM or SIGINT, through app.close).

  let agent: TestAgent;

  afterEach(async () => {
    await agent.stop();
  });

  describe("shutdown", () => {
    it("refuses new work at once, and lets running jobs finish within the grace period", async () => {
      const held = heldAgent();
      agent = await startTestAgent({ agent: held });
      const jobs = [
        await startJob(agent, { text: "one" }),
        await startJob(agent, { text: "two" }),
      ];
      const runs = await Promise.all(jobs.map((job) => held.started(job.id)));

      const stopped = agent.app.service.stop(60_000);
      expect((await agent.get("/availability")).status).toBe(503);
      const refused = await agent.post("/start_job", {
        identifier_from_purchaser: PURCHASER,
        input_data: { text: "late" },
      });
      expect(refused.status).toBe(503);
      expect(refused.body.error).toBe("unavailable");

      runs.forEach((run, index) => run.finish(`Result ${index}`));
      expect(await stopped).toBe(true);
      for (const [index, job] of jobs.entries()) {
        const { body } = await agent.get(`/status?job_id=${job.id}`);
        expect(body).toMatchObject({
          status: "completed",
          result: `Result ${index}`,
        });
      }
      expect(runs.map((run) => run.signal.aborted)).toEqual([false, false]);
    });

    it("stops the runs still going when the grace period is over; their jobs stay running", async () => {
      const held = heldAgent();
      agent = await startTestAgent({ agent: held });
      const { id } = await startJob(agent, { text: "long" });
      const run = await held.started(id);

      expect(await agent.app.service.stop(0)).toBe(false);
      expect(run.signal.aborted).toBe(true);
      expect(run.signal.reason).toMatchObject({ name: "AbortError" });
      // What the run makes after that is dropped: the job runs again at the next start.
      run.finish("too late");
      const { body } = await agent.get(`/status?job_id=${id}`);
      expect(body).toMatchObject({ status: "running" });
      expect(body.result).toBeUndefined();
    });
  });
});
