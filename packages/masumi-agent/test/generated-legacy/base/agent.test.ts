import { describe, expect, it } from "vitest";
import { demo, inputSchema, run, type Input } from "../src/agent.ts";
import type { InputValues } from "../src/jobs/schema.ts";
import type { JobContext } from "../src/jobs/types.ts";
import { validateInput } from "../src/jobs/validate.ts";

// Tests of the example agent: replace them with tests of yours when you change src/agent.ts.

/** A context whose requestInput answers from a list, as a buyer would. */
function context(...answers: InputValues[]): JobContext {
  return {
    jobId: "test-job",
    identifierFromPurchaser: "a1b2c3d4e5f60718",
    signal: new AbortController().signal,
    requestInput: async () => {
      const answer = answers.shift();
      if (!answer) throw new Error("requestInput was not expected");
      return answer as never;
    },
  };
}

function validInput(data: Record<string, unknown>): Input {
  const checked = validateInput(inputSchema, data);
  if (!checked.ok) throw new Error(JSON.stringify(checked.details));
  return checked.values as Input;
}

describe("example agent", () => {
  it("has a demo that is valid input and the output run gives for it", async () => {
    expect(await run(validInput(demo.input), context())).toBe(demo.output.result);
  });

  it("counts words and sentences", async () => {
    const result = await run(validInput({ text: "One two three. Four five!" }), context());
    expect(result).toBe(
      [
        "Words: 5",
        "Sentences: 2",
        "Characters: 25 (21 without spaces)",
        "Reading time: about 1 minute",
      ].join("\n"),
    );
  });

  it("lists keywords, most frequent first", async () => {
    const input = validInput({ text: "cats and dogs and cats", task: ["keywords"], keywords: 2 });
    expect(await run(input, context())).toBe("1. cats (2)\n2. dogs (1)");
  });

  it("writes text in title case", async () => {
    const input = validInput({ text: "the QUICK brown fox", task: ["title case"] });
    expect(await run(input, context())).toBe("The Quick Brown Fox");
  });

  it("lets the buyer approve, edit or reject the result when review is on", async () => {
    const input = validInput({ text: "the end", task: ["title case"], review: true });
    expect(await run(input, context({ approve: true }))).toBe("The End");
    expect(await run(input, context({ approve: false, edited: "THE END" }))).toBe("THE END");
    await expect(run(input, context({ approve: false }))).rejects.toThrow(/rejected/);
  });
});
