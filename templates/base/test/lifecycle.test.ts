import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, expect, it } from "vitest";
import * as exampleAgent from "../src/agent.ts";
import { inputHash } from "../src/jobs/hash.ts";
import { verifySignature } from "../src/jobs/signer.ts";
import type { Agent } from "../src/jobs/types.ts";
import { PURCHASER, startJob, startTestAgent, type Json, type TestAgent } from "./helpers.ts";
import { describeWithStore } from "./store-env.ts";

let agent: TestAgent;

afterEach(async () => {
  await agent.stop();
});

/** Starts a job of the example agent that asks for a review, and waits until it does. */
async function jobAwaitingReview(text = "Review me. Please!"): Promise<Json> {
  const { id } = await startJob(agent, { text, review: true });
  return agent.waitForStatus(id, "awaiting_input");
}

function provideInput(jobId: string, statusId: string, inputData: unknown) {
  return agent.post("/provide_input", {
    job_id: jobId,
    status_id: statusId,
    input_data: inputData,
  });
}

describeWithStore("human in the loop", () => {
  it("pauses for input, signs the answer and finishes with it", async () => {
    agent = await startTestAgent();
    const waiting = await jobAwaitingReview();
    expect(waiting.input_schema.input_data.map((field: { id: string }) => field.id)).toEqual([
      "approve",
      "edited",
    ]);
    expect(waiting.message).toContain("Please review the result");

    const answer = { approve: true };
    const { status, body } = await provideInput(waiting.job_id, waiting.id, answer);
    expect(status).toBe(200);
    expect(body.input_hash).toBe(inputHash(PURCHASER, answer));
    expect(verifySignature(agent.app.signer.publicKey, body.input_hash, body.signature)).toBe(true);

    const done = await agent.waitForStatus(waiting.job_id, "completed");
    expect(done.result).toContain("Sentences: 2");
    expect(done.id).not.toBe(waiting.id);
  });

  it("applies an answer once: a replay is refused", async () => {
    agent = await startTestAgent();
    const waiting = await jobAwaitingReview();
    const [first, second] = await Promise.all([
      provideInput(waiting.job_id, waiting.id, { approve: false, edited: "First" }),
      provideInput(waiting.job_id, waiting.id, { approve: false, edited: "Second" }),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    const done = await agent.waitForStatus(waiting.job_id, "completed");
    expect(done.result).toBe(first.status === 200 ? "First" : "Second");

    const replay = await provideInput(waiting.job_id, waiting.id, { approve: true });
    expect(replay.status).toBe(409);
    expect(replay.body.error).toBe("not_awaiting_input");
  });

  it("refuses a stale status id, an unknown job and invalid input", async () => {
    agent = await startTestAgent();
    const waiting = await jobAwaitingReview();

    const stale = await provideInput(waiting.job_id, "an-older-status-id", { approve: true });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toBe("stale_status");

    const unknown = await provideInput("no-such-job", waiting.id, { approve: true });
    expect(unknown.status).toBe(404);

    const invalid = await provideInput(waiting.job_id, waiting.id, { approve: "maybe" });
    expect(invalid.status).toBe(400);
    expect(invalid.body.details).toEqual([{ field: "approve", message: expect.any(String) }]);

    const missing = await agent.post("/provide_input", { job_id: waiting.job_id });
    expect(missing.status).toBe(400);

    // Nothing of that changed the job.
    const { body } = await agent.get(`/status?job_id=${waiting.job_id}`);
    expect(body).toEqual(waiting);
  });

  it("fails the job when the buyer rejects the result", async () => {
    agent = await startTestAgent();
    const waiting = await jobAwaitingReview();
    expect((await provideInput(waiting.job_id, waiting.id, { approve: false })).status).toBe(200);
    const failed = await agent.waitForStatus(waiting.job_id, "failed");
    expect(failed.message).toMatch(/rejected/);
  });

  it("asks as often as the agent needs, with a new status id each time", async () => {
    const twoQuestions: Agent = {
      inputSchema: exampleAgent.inputSchema,
      async run(_input, ctx) {
        const question = { input_data: [{ id: "answer", type: "text", name: "Answer" }] } as const;
        const first = await ctx.requestInput(question, "First question");
        const second = await ctx.requestInput(question, "Second question");
        return `${first.answer} ${second.answer}`;
      },
    };
    agent = await startTestAgent({ agent: twoQuestions });
    const { id } = await startJob(agent, { text: "x" });
    const statusIds = new Set<string>();

    const first = await agent.waitForStatus(id, "awaiting_input");
    statusIds.add(first.id);
    expect((await provideInput(id, first.id, { answer: "hello" })).status).toBe(200);
    // provide_input moved the job on before it answered, so this is the second question.
    const second = await agent.waitForStatus(id, "awaiting_input");
    expect(second.message).toBe("Second question");
    statusIds.add(second.id);
    expect((await provideInput(id, first.id, { answer: "again" })).status).toBe(409);
    expect((await provideInput(id, second.id, { answer: "world" })).status).toBe(200);

    const done = await agent.waitForStatus(id, "completed");
    statusIds.add(done.id);
    expect(done.result).toBe("hello world");
    expect(statusIds.size).toBe(3);
  });
});

describeWithStore("failures", () => {
  // However a run fails, its job fails with a message and the process goes on serving (vitest
  // would also fail the test on a rejection left unhandled).
  const failingRuns: [string, Agent["run"], string][] = [
    [
      "throws",
      async () => {
        throw new Error("the model is offline");
      },
      "the model is offline",
    ],
    [
      "throws before it returns a promise",
      () => {
        throw new Error("no API key");
      },
      "no API key",
    ],
    [
      "returns a rejected promise",
      () => Promise.reject(new Error("quota exceeded")),
      "quota exceeded",
    ],
    [
      "throws after an await",
      async () => {
        await sleep(5);
        throw new Error("the answer was cut off");
      },
      "the answer was cut off",
    ],
    [
      "throws a string",
      async () => {
        throw "out of credits";
      },
      "out of credits",
    ],
    [
      "throws an object with a message",
      async () => {
        throw { message: "rate limited", status: 429 };
      },
      "rate limited",
    ],
    [
      "throws another value",
      async () => {
        throw { code: 42 };
      },
      '{"code":42}',
    ],
  ];

  it.each(failingRuns)(
    "fails a job whose run %s, and keeps serving",
    async (_how, run, message) => {
      agent = await startTestAgent({ agent: { inputSchema: exampleAgent.inputSchema, run } });
      const { id } = await startJob(agent, { text: "x" });
      const failed = await agent.waitForStatus(id, "failed");
      expect(failed.message).toBe(`The agent failed: ${message}`);
      expect(failed.result).toBeUndefined();
      expect((await agent.get("/availability")).status).toBe(200);
    },
  );

  it("fails a job whose result is empty, as a marketplace needs a result", async () => {
    const empty: Agent = { inputSchema: exampleAgent.inputSchema, run: async () => "" };
    agent = await startTestAgent({ agent: empty });
    const { id } = await startJob(agent, { text: "x" });
    const failed = await agent.waitForStatus(id, "failed");
    expect(failed.message).toMatch(/empty result/);
  });

  it("refuses new jobs while shutting down", async () => {
    agent = await startTestAgent();
    await agent.app.service.stop(0);
    const { status, body } = await agent.post("/start_job", {
      identifier_from_purchaser: PURCHASER,
      input_data: { text: "late" },
    });
    expect(status).toBe(503);
    expect(body.error).toBe("unavailable");
    expect((await agent.get("/availability")).body.status).toBe("unavailable");
  });
});
