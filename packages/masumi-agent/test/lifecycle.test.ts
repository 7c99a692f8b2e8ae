import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, expect, it, describe } from "vitest";
import { inputHash } from "../src/jobs/hash.ts";
import { inputSchemaHashes } from "../src/jobs/schema-hash.ts";
import { verifySignature } from "../src/jobs/signer.ts";
import type { Agent } from "../src/jobs/types.ts";
import { createLogger } from "../src/log.ts";
import { PURCHASER, reviewSchema, wordsSchema } from "./helpers/agents.ts";
import {
  startJob,
  startServedAgent,
  type Json,
  type ServedAgent as TestAgent,
  type ServedAgentOptions,
} from "./helpers/served-agent.ts";
import { describeEachStore } from "./helpers/stores.ts";
await describeEachStore("jobs", (store) => {
  const startTestAgent = (options: ServedAgentOptions = {}) =>
    startServedAgent({ store, ...options });

  let agent: TestAgent;

  afterEach(async () => {
    await agent.stop();
  });

  /** Starts a job of wordsAgent that asks for a review, and waits until it does. */
  async function jobAwaitingReview(text = "Review me. Please!"): Promise<Json> {
    const { id } = await startJob(agent, { text, review: true });
    return agent.waitForStatus(id, "awaiting_input");
  }

  /** Starts `agent` with a log kept in memory; the function returns what it warned about so far. */
  async function startWatchedAgent(): Promise<() => Json[]> {
    const lines: string[] = [];
    const log = createLogger({
      format: "json",
      write: (line) => lines.push(line),
    });
    agent = await startTestAgent({ log });
    return () => lines.map((line) => JSON.parse(line)).filter((entry) => entry.level === "warn");
  }

  /** Which question an answer is for: input_schema_hash (2026 clients) or status_id (older ones). */
  type Question = { input_schema_hash: unknown } | { status_id: unknown };

  function provideInput(jobId: string, question: Question, inputData: unknown) {
    return agent.post("/provide_input", {
      job_id: jobId,
      ...question,
      input_data: inputData,
    });
  }

  /** The question a /status answer serves, named as Sokosumi names it. */
  function asked(status: Json): Question {
    const [sokosumiHash] = inputSchemaHashes(status.input_schema);
    return { input_schema_hash: sokosumiHash };
  }

  /** An agent that asks one question twice, with a message each time. */
  const twoQuestions: Agent = {
    inputSchema: wordsSchema,
    async run(_input, ctx) {
      const question = {
        input_data: [{ id: "answer", type: "text", name: "Answer" }],
      } as const;
      const first = await ctx.requestInput(question, "First question");
      const second = await ctx.requestInput(question, "Second question");
      return `${first.answer} ${second.answer}`;
    },
  };

  describe("human in the loop", () => {
    it("pauses for input, signs the answer and finishes with it", async () => {
      agent = await startTestAgent();
      const waiting = await jobAwaitingReview();
      // What the buyer must read leads the schema: marketplaces do not show `message`.
      const [message, ...fields] = waiting.input_schema.input_data;
      expect(message).toMatchObject({ id: "message", type: "none" });
      expect(message.data.description).toContain("Please review the result");
      expect(fields.map((field: { id: string }) => field.id)).toEqual(["approve", "edited"]);
      expect(waiting.message).toBe(message.data.description);

      const answer = { approve: true };
      const { status, body } = await provideInput(waiting.job_id, asked(waiting), answer);
      expect(status).toBe(200);
      expect(body).toEqual({
        input_hash: inputHash(PURCHASER, answer),
        signature: expect.any(String),
      });
      expect(verifySignature(agent.app.signer.publicKey, body.input_hash, body.signature)).toBe(
        true,
      );

      const done = await agent.waitForStatus(waiting.job_id, "completed");
      expect(done.result).toContain("Sentences: 2");
      expect(done.id).not.toBe(waiting.id);
    });

    it.each([0, 1, 2, 3])(
      "takes the answer named by hash form %i of the served schema (MIP-003 4.3)",
      async (form) => {
        const warnings = await startWatchedAgent();
        const waiting = await jobAwaitingReview();
        const hash = inputSchemaHashes(waiting.input_schema)[form];
        // Hex in capitals is the same hash.
        const question = {
          input_schema_hash: form === 3 ? hash?.toUpperCase() : hash,
        };
        const reply = await provideInput(waiting.job_id, question, {
          approve: true,
        });
        expect(reply.status).toBe(200);
        await agent.waitForStatus(waiting.job_id, "completed");
        expect(warnings()).toEqual([]);
      },
    );

    it("takes the status id of older clients", async () => {
      const warnings = await startWatchedAgent();
      const waiting = await jobAwaitingReview();
      const reply = await provideInput(
        waiting.job_id,
        { status_id: waiting.id },
        { approve: true },
      );
      expect(reply.status).toBe(200);
      await agent.waitForStatus(waiting.job_id, "completed");
      expect(warnings()).toEqual([]);
    });

    it("takes an answer whose hash matches no form of the schema, if it fits; and logs it", async () => {
      const warnings = await startWatchedAgent();
      const waiting = await jobAwaitingReview();
      const otherHash = { input_schema_hash: "ab".repeat(32) };

      const invalid = await provideInput(waiting.job_id, otherHash, {
        approve: "maybe",
      });
      expect(invalid.status).toBe(400);
      expect(invalid.body.error).toBe("invalid_input");

      const reply = await provideInput(waiting.job_id, otherHash, {
        approve: true,
      });
      expect(reply.status).toBe(200);
      await agent.waitForStatus(waiting.job_id, "completed");
      expect(warnings()).toEqual([
        expect.objectContaining({
          msg: expect.stringContaining(otherHash.input_schema_hash),
        }),
      ]);
    });

    it("applies an answer once: a replay is refused", async () => {
      agent = await startTestAgent();
      const waiting = await jobAwaitingReview();
      const [first, second] = await Promise.all([
        provideInput(waiting.job_id, asked(waiting), {
          approve: false,
          edited: "First",
        }),
        provideInput(waiting.job_id, asked(waiting), {
          approve: false,
          edited: "Second",
        }),
      ]);
      expect([first.status, second.status].sort()).toEqual([200, 409]);
      const done = await agent.waitForStatus(waiting.job_id, "completed");
      expect(done.result).toBe(first.status === 200 ? "First" : "Second");

      const replay = await provideInput(waiting.job_id, asked(waiting), {
        approve: true,
      });
      expect(replay.status).toBe(409);
      expect(replay.body.error).toBe("not_awaiting_input");
    });

    it("refuses a stale status id, an unknown job, invalid input and bad references", async () => {
      agent = await startTestAgent();
      const waiting = await jobAwaitingReview();

      const stale = await provideInput(waiting.job_id, { status_id: "older" }, { approve: true });
      expect(stale.status).toBe(409);
      expect(stale.body.error).toBe("stale_status");

      const unknown = await provideInput("no-such-job", asked(waiting), {
        approve: true,
      });
      expect(unknown.status).toBe(404);

      const invalid = await provideInput(waiting.job_id, asked(waiting), {
        approve: "maybe",
      });
      expect(invalid.status).toBe(400);
      expect(invalid.body.details).toEqual([{ field: "approve", message: expect.any(String) }]);

      const missing = await agent.post("/provide_input", {
        job_id: waiting.job_id,
        input_data: { approve: true },
      });
      expect(missing.status).toBe(400);
      expect(missing.body.message).toMatch(/input_schema_hash/);

      const badReferences: Question[] = [
        { input_schema_hash: 42 },
        { input_schema_hash: { hash: "x" } },
        { input_schema_hash: "" },
        { input_schema_hash: "not a hash" },
        { status_id: 7 },
        { status_id: ["a"] },
      ];
      for (const question of badReferences) {
        const reply = await provideInput(waiting.job_id, question, {
          approve: true,
        });
        expect(reply.status, JSON.stringify(question)).toBe(400);
        expect(reply.body).toEqual({
          error: "invalid_request",
          message: expect.any(String),
        });
      }

      // Nothing of that changed the job.
      const { body } = await agent.get(`/status?job_id=${waiting.job_id}`);
      expect(body).toEqual(waiting);
    });

    it("fails the job when the buyer rejects the result", async () => {
      agent = await startTestAgent();
      const waiting = await jobAwaitingReview();
      expect((await provideInput(waiting.job_id, asked(waiting), { approve: false })).status).toBe(
        200,
      );
      const failed = await agent.waitForStatus(waiting.job_id, "failed");
      expect(failed.message).toMatch(/rejected/);
    });

    it("asks as often as the agent needs, with a new status id each time", async () => {
      agent = await startTestAgent({ agent: twoQuestions });
      const { id } = await startJob(agent, { text: "x" });
      const statusIds = new Set<string>();

      const first = await agent.waitForStatus(id, "awaiting_input");
      statusIds.add(first.id);
      expect((await provideInput(id, asked(first), { answer: "hello" })).status).toBe(200);
      // provide_input moved the job on before it answered, so this is the second question.
      const second = await agent.waitForStatus(id, "awaiting_input");
      expect(second.input_schema.input_data[0].data.description).toBe("Second question");
      statusIds.add(second.id);
      expect((await provideInput(id, asked(second), { answer: "world" })).status).toBe(200);

      const done = await agent.waitForStatus(id, "completed");
      statusIds.add(done.id);
      expect(done.result).toBe("hello world");
      expect(statusIds.size).toBe(3);
    });

    it("refuses, as stale, an answer to an earlier question", async () => {
      agent = await startTestAgent({ agent: twoQuestions });
      const { id } = await startJob(agent, { text: "x" });
      const first = await agent.waitForStatus(id, "awaiting_input");
      expect((await provideInput(id, asked(first), { answer: "hello" })).status).toBe(200);
      const second = await agent.waitForStatus(id, "awaiting_input");

      for (const hash of inputSchemaHashes(first.input_schema)) {
        const late = await provideInput(id, { input_schema_hash: hash }, { answer: "again" });
        expect(late.status).toBe(409);
        expect(late.body.error).toBe("stale_status");
      }
      const lateById = await provideInput(id, { status_id: first.id }, { answer: "again" });
      expect(lateById.status).toBe(409);
      expect((await agent.get(`/status?job_id=${id}`)).body).toEqual(second);
    });
  });

  describe("failures", () => {
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
        agent = await startTestAgent({
          agent: { inputSchema: wordsSchema, run },
        });
        const { id } = await startJob(agent, { text: "x" });
        const failed = await agent.waitForStatus(id, "failed");
        expect(failed.message).toBe(`The agent failed: ${message}`);
        expect(failed.result).toBeUndefined();
        expect((await agent.get("/availability")).status).toBe(200);
      },
    );

    it("fails a job whose result is empty, as a marketplace needs a result", async () => {
      const empty: Agent = { inputSchema: wordsSchema, run: async () => "" };
      agent = await startTestAgent({ agent: empty });
      const { id } = await startJob(agent, { text: "x" });
      const failed = await agent.waitForStatus(id, "failed");
      expect(failed.message).toMatch(/empty result/);
    });

    it("gives the agent its own copies of the input and the answers, which it may change", async () => {
      const changing: Agent = {
        inputSchema: wordsSchema,
        async run(input, ctx) {
          input.text = "changed by the agent";
          const answer = await ctx.requestInput(reviewSchema);
          answer.edited = "edited by the agent";
          return `${input.text}; ${answer.edited}`;
        },
      };
      // Paid first, so that the run gets the job as the store returned it.
      agent = await startTestAgent({ agent: changing, payment: "simulated" });
      const { id } = await startJob(agent, { text: "as sent" });
      const waiting = await agent.waitForStatus(id, "awaiting_input");
      expect((await provideInput(id, asked(waiting), { approve: true })).status).toBe(200);
      const completed = await agent.waitForStatus(id, "completed");
      expect(completed.result).toBe("changed by the agent; edited by the agent");
      const job = await agent.app.service.getJob(id);
      expect(job.input.text).toBe("as sent");
      expect(job.inputs[0]!.values).toEqual({ approve: true });
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
});
