import { afterAll, describe, expect, it } from "vitest";
import { startTestAgent } from "masumi-agent/testing";
import * as agent from "../src/agent.ts";

// Tests of the example agent: replace them with tests of yours when you change src/agent.ts.
// startTestAgent runs the agent as its server would (the input validated against inputSchema,
// the lifecycle of MIP-003), in memory and without payments.

const testAgent = await startTestAgent(agent);
afterAll(() => testAgent.close());

describe("example agent", () => {
  it("gives the demo's output for the demo's input", async () => {
    // Written as Sokosumi sends it (choices as indices), which the typed input does not describe.
    const job = await testAgent.start(agent.demo.input as Parameters<typeof testAgent.start>[0]);
    expect(await job.result()).toBe(agent.demo.output.result);
  });

  it("counts words and sentences", async () => {
    const job = await testAgent.start({ text: "One two three. Four five!" });
    expect(await job.result()).toBe(
      [
        "Words: 5",
        "Sentences: 2",
        "Characters: 25 (21 without spaces)",
        "Reading time: about 1 minute",
      ].join("\n"),
    );
  });

  it("lists keywords, most frequent first", async () => {
    const job = await testAgent.start({
      text: "cats and dogs and cats",
      task: ["keywords"],
      keywords: 2,
    });
    expect(await job.result()).toBe("1. cats (2)\n2. dogs (1)");
  });

  it("writes text in title case", async () => {
    const job = await testAgent.start({ text: "the QUICK brown fox", task: ["title case"] });
    expect(await job.result()).toBe("The Quick Brown Fox");
  });

  it("asks the buyer to review when review is on, and takes an approval or an edit", async () => {
    const approved = await testAgent.start({ text: "the end", task: ["title case"], review: true });
    const question = await approved.question();
    // The agent's message leads the question, as a field marketplaces show.
    expect(question.input_data?.map((field) => field.id)).toEqual(["message", "approve", "edited"]);
    await approved.answer({ approve: true });
    expect(await approved.result()).toBe("The End");

    const edited = await testAgent.start({ text: "the end", task: ["title case"], review: true });
    await edited.question();
    await edited.answer({ approve: false, edited: "THE END" });
    expect(await edited.result()).toBe("THE END");
  });

  it("fails the job when the buyer rejects the result", async () => {
    const job = await testAgent.start({ text: "the end", review: true });
    await job.question();
    await job.answer({ approve: false });
    await expect(job.result()).rejects.toThrow(/rejected/);
  });
});
