import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it, vi } from "vitest";
import { formatDuration, TimeLimit } from "../src/jobs/time-limit.ts";
import type { Agent } from "../src/jobs/types.ts";
import { heldAgent, wordsSchema } from "./helpers/agents.ts";
import {
  startJob,
  startServedAgent,
  type ServedAgent as TestAgent,
  type ServedAgentOptions,
} from "./helpers/served-agent.ts";
import { describeEachStore } from "./helpers/stores.ts";

describe("TimeLimit", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("counts only the time it runs, and not after it ended", () => {
    vi.useFakeTimers();
    const expired = vi.fn();
    const limit = new TimeLimit(1_000, expired);
    vi.advanceTimersByTime(600);
    limit.pause();
    vi.advanceTimersByTime(60_000);
    expect(expired).not.toHaveBeenCalled();
    limit.resume();
    vi.advanceTimersByTime(399);
    expect(expired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(expired).toHaveBeenCalledOnce();

    const ended = vi.fn();
    const other = new TimeLimit(1_000, ended);
    other.end();
    other.resume();
    vi.advanceTimersByTime(60_000);
    expect(ended).not.toHaveBeenCalled();
  });

  it("says durations as a person would", () => {
    expect(formatDuration(600_000)).toBe("10 minutes");
    expect(formatDuration(3_600_000)).toBe("1 hour");
    expect(formatDuration(90_000)).toBe("90 seconds");
    expect(formatDuration(1_500)).toBe("1500 ms");
  });
});

await describeEachStore("the time limit of a run", (store) => {
  const startTestAgent = (options: ServedAgentOptions = {}) =>
    startServedAgent({ store, ...options });
  describe("the time limit of a run", () => {
    let agent: TestAgent;

    afterEach(async () => {
      await agent.stop();
    });

    it("fails a job that runs longer, aborts its signal and ignores what the run does after", async () => {
      const held = heldAgent();
      agent = await startTestAgent({
        agent: held,
        service: { jobTimeoutMs: 50 },
      });
      const [first, second] = [
        await startJob(agent, { text: "a" }),
        await startJob(agent, { text: "b" }),
      ];
      const runs = [
        await held.started(first.id),
        await held.started(second.id),
      ];

      for (const { id } of [first, second]) {
        const failed = await agent.waitForStatus(id, "failed");
        expect(failed.message).toBe(
          "The job ran longer than 50 ms, its time limit",
        );
        expect(failed.result).toBeUndefined();
      }
      for (const run of runs) {
        expect(run.signal.aborted).toBe(true);
        expect(run.signal.reason).toMatchObject({ name: "TimeoutError" });
      }

      // Too late: a result is dropped, and a rejection is handled (vitest fails on unhandled ones).
      runs[0]?.finish("too late");
      runs[1]?.fail(new Error("too late"));
      for (const { id } of [first, second]) {
        expect((await agent.get(`/status?job_id=${id}`)).body).toMatchObject({
          status: "failed",
        });
      }
      expect((await agent.get("/availability")).status).toBe(200);
    });

    it("does not count the time a job awaits input", async () => {
      let signal: AbortSignal | undefined;
      const asks: Agent = {
        inputSchema: wordsSchema,
        async run(_input, ctx) {
          signal = ctx.signal;
          const question = {
            input_data: [{ id: "answer", type: "text", name: "Answer" }],
          } as const;
          const { answer } = await ctx.requestInput(question, "Take your time");
          return `Answered: ${answer}`;
        },
      };
      agent = await startTestAgent({
        agent: asks,
        service: { jobTimeoutMs: 300 },
      });
      const { id } = await startJob(agent, { text: "x" });
      const waiting = await agent.waitForStatus(id, "awaiting_input");
      // The buyer answers after twice the limit.
      await sleep(600);
      const answered = await agent.post("/provide_input", {
        job_id: id,
        status_id: waiting.id,
        input_data: { answer: "later" },
      });
      expect(answered.status).toBe(200);
      const done = await agent.waitForStatus(id, "completed");
      expect(done.result).toBe("Answered: later");
      expect(signal?.aborted).toBe(false);
    });
  });
});
