import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { defineAgent, RequestError, type Agent, type InputOf } from "masumi-agent";
import { startTestAgent } from "masumi-agent/testing";

/** masumi-agent/testing as an agent's own tests use it: the built package, by its export. */

const inputSchema = {
  input_data: [
    { id: "text", type: "string", name: "Text" },
    {
      id: "times",
      type: "number",
      name: "Times",
      validations: [{ validation: "optional", value: "true" }],
    },
  ],
} as const;

const approval = {
  input_data: [{ id: "approve", type: "boolean", name: "Approve" }],
} as const;

/** Repeats the text; asks for approval first when told to, and fails on "fail". */
const echo = {
  inputSchema,
  async run(input: InputOf<typeof inputSchema>, ctx) {
    if (input.text === "fail") throw new Error("told to fail");
    const result = input.text.repeat(input.times ?? 1);
    if (input.text !== "ask") return result;
    const answer = await ctx.requestInput(approval, "Approve?");
    return answer.approve ? "approved" : "declined";
  },
} satisfies Agent;

describe("startTestAgent", () => {
  it("starts a job and returns its result, with the optional field left out or given", async () => {
    const agent = await startTestAgent(echo);
    try {
      expect(await (await agent.start({ text: "ab" })).result()).toBe("ab");
      const job = await agent.start({ text: "ab", times: 3 });
      expect(await job.result()).toBe("ababab");
      expect(await job.status()).toBe("completed");
    } finally {
      await agent.close();
    }
  });

  it("serves the agent's question with its message, and takes the answer", async () => {
    const agent = await startTestAgent(echo);
    try {
      const job = await agent.start({ text: "ask" });
      const question = await job.question();
      expect(question.input_data?.map((field) => field.id)).toEqual([
        "message",
        "approve",
      ]);
      expect(question.input_data?.[0]?.data?.description).toBe("Approve?");
      await job.answer({ approve: true });
      expect(await job.result()).toBe("approved");
    } finally {
      await agent.close();
    }
  });

  it("refuses an answer that does not fit the question, and one when nothing is asked", async () => {
    const agent = await startTestAgent(echo);
    try {
      const job = await agent.start({ text: "ask" });
      await job.waitFor("awaiting_input");
      await expect(job.answer({ approve: "maybe" })).rejects.toThrow(
        RequestError,
      );
      await job.answer({ approve: false });
      expect(await job.result()).toBe("declined");
      await expect(job.answer({ approve: true })).rejects.toThrow(
        /not awaiting input/,
      );
    } finally {
      await agent.close();
    }
  });

  it("throws the failure message from result() and from waitFor() of another status", async () => {
    const agent = await startTestAgent(echo);
    try {
      const job = await agent.start({ text: "fail" });
      await expect(job.result()).rejects.toThrow(/failed: .*told to fail/);
      await expect(job.waitFor("awaiting_input")).rejects.toThrow(
        /told to fail/,
      );
      expect(await job.status()).toBe("failed");
    } finally {
      await agent.close();
    }
  });

  it("refuses invalid input as /start_job does", async () => {
    const agent = await startTestAgent(echo, { payment: "simulated" });
    try {
      await expect(agent.start({ text: 5 } as never)).rejects.toThrow(
        RequestError,
      );
      await expect(
        agent.start({ text: "a" }, { identifierFromPurchaser: "not hex" }),
      ).rejects.toThrow(/identifier_from_purchaser/);
    } finally {
      await agent.close();
    }
  });

  it("runs paid jobs in the simulated payment mode, and on a SQLite store in its own directory", async () => {
    const agent = await startTestAgent(echo, {
      payment: "simulated",
      store: "sqlite",
    });
    try {
      const job = await agent.start({ text: "paid" });
      expect(await job.result()).toBe("paid");
      const stored = await agent.app.service.getJob(job.id);
      expect(stored.payment).not.toBeNull();
      expect(stored.resultSubmittedAt).not.toBeNull();
    } finally {
      await agent.close();
    }
  });

  it("types start() from the agent's schema", async () => {
    const agent = await startTestAgent(echo);
    try {
      // @ts-expect-error text is required
      await expect(agent.start({ times: 2 })).rejects.toThrow(RequestError);
      // @ts-expect-error times is a number
      await expect(agent.start({ text: "a", times: true })).rejects.toThrow(
        RequestError,
      );
      // @ts-expect-error no such field
      expect(await (await agent.start({ text: "a", other: 1 })).result()).toBe(
        "a",
      );
    } finally {
      await agent.close();
    }
  });

  it("types start() from a schema declared with defineAgent", async () => {
    const shout = defineAgent({
      inputSchema: { input_data: [{ id: "text", type: "string", name: "Text" }] },
      run: async (input) => input.text.toUpperCase(),
    });
    const agent = await startTestAgent(shout);
    try {
      expect(await (await agent.start({ text: "hi" })).result()).toBe("HI");
      // @ts-expect-error text is a string
      await expect(agent.start({ text: 1 })).rejects.toThrow(RequestError);
    } finally {
      await agent.close();
    }
  });

  it("removes the data directory it made, and keeps one it was given", async () => {
    const made = await startTestAgent(echo, { store: "sqlite" });
    await (await made.start({ text: "x" })).result();
    expect(existsSync(join(made.dataDir, "signing-key.pem"))).toBe(true);
    await made.close();
    expect(existsSync(made.dataDir)).toBe(false);

    const given = await mkdtemp(join(tmpdir(), "given-"));
    try {
      const agent = await startTestAgent(echo, { env: { DATA_DIR: given } });
      await agent.close();
      expect(existsSync(join(given, "signing-key.pem"))).toBe(true);
    } finally {
      await rm(given, { recursive: true, force: true });
    }
  });
});
