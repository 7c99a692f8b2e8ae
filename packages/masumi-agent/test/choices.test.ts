import { afterAll, beforeAll, expect, it, describe } from "vitest";
import { inputHash } from "../src/jobs/hash.ts";
import { PURCHASER } from "./helpers/agents.ts";
import {
  startJob,
  startServedAgent,
  type ServedAgent as TestAgent,
  type ServedAgentOptions,
} from "./helpers/served-agent.ts";
import { describeEachStore } from "./helpers/stores.ts";
await describeEachStore("choices in /start_job", (store) => {
  const startTestAgent = (options: ServedAgentOptions = {}) =>
    startServedAgent({ store, ...options });

  // Sokosumi submits a choice as a list of indices into data.values ("task": [2]); other clients
  // send the value. Tested with wordsAgent's `task` field: count, keywords, upper.

  describe("choices in /start_job", () => {
    let agent: TestAgent;
    beforeAll(async () => {
      agent = await startTestAgent();
    });
    afterAll(() => agent.stop());

    it("takes an index, hashes the input as sent and runs with the chosen value", async () => {
      const input = { text: "the end", task: [2] };
      const body = await startJob(agent, input);
      expect(body.input_hash).toBe(inputHash(PURCHASER, input));
      const done = await agent.waitForStatus(body.id, "completed");
      expect(done.result).toBe("THE END");
    });

    it("takes the value itself", async () => {
      const body = await startJob(agent, { text: "the end", task: ["upper"] });
      const done = await agent.waitForStatus(body.id, "completed");
      expect(done.result).toBe("THE END");
    });

    it("refuses an index out of range with 400 and the field's details", async () => {
      const { status, body } = await agent.post("/start_job", {
        identifier_from_purchaser: PURCHASER,
        input_data: { text: "the end", task: [3] },
      });
      expect(status).toBe(400);
      expect(body).toMatchObject({
        error: "invalid_input",
        details: [
          {
            field: "task",
            message:
              "Task has no choice 3: the choices are 0 to 2 (count, keywords, upper)",
          },
        ],
      });
    });
  });
});
