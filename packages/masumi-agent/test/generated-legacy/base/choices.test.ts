import { afterAll, beforeAll, expect, it } from "vitest";
import { inputHash } from "../src/jobs/hash.ts";
import { PURCHASER, startJob, startTestAgent, type TestAgent } from "./helpers.ts";
import { describeWithStore } from "./store-env.ts";

// Sokosumi submits a choice as a list of indices into data.values ("task": [2]); other clients
// send the value. Tested with the example agent's `task` field: statistics, keywords, title case.

describeWithStore("choices in /start_job", () => {
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
    expect(done.result).toBe("The End");
  });

  it("takes the value itself", async () => {
    const body = await startJob(agent, { text: "the end", task: ["title case"] });
    const done = await agent.waitForStatus(body.id, "completed");
    expect(done.result).toBe("The End");
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
            "Task has no choice 3: the choices are 0 to 2 (statistics, keywords, title case)",
        },
      ],
    });
  });
});
