import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import type { InputOf, InputSchema } from "../../src/jobs/schema.ts";
import type { Agent, Job, JobContext } from "../../src/jobs/types.ts";

/**
 * The agents the library's tests run: written here, so that no test depends on the example agent
 * of the generated projects.
 */

/** A valid identifier_from_purchaser: hex, 16 characters. */
export const PURCHASER = "a1b2c3d4e5f60718";

export const wordsSchema = {
  input_data: [
    {
      id: "text",
      type: "textarea",
      name: "Text",
      validations: [
        { validation: "max", value: "20000" },
        { validation: "format", value: "nonempty" },
      ],
    },
    {
      id: "task",
      type: "option",
      name: "Task",
      data: { values: ["count", "keywords", "upper"], default: ["count"] },
      validations: [
        { validation: "min", value: "1" },
        { validation: "max", value: "1" },
        { validation: "optional", value: "true" },
      ],
    },
    {
      id: "keywords",
      type: "number",
      name: "Keywords",
      data: { default: 5 },
      validations: [
        { validation: "min", value: "1" },
        { validation: "max", value: "20" },
        { validation: "format", value: "integer" },
        { validation: "optional", value: "true" },
      ],
    },
    {
      id: "review",
      type: "boolean",
      name: "Review",
      data: { default: false },
      validations: [{ validation: "optional", value: "true" }],
    },
  ],
} as const satisfies InputSchema;

export const reviewSchema = {
  input_data: [
    { id: "approve", type: "boolean", name: "Approve" },
    {
      id: "edited",
      type: "textarea",
      name: "Edited",
      validations: [{ validation: "optional", value: "true" }],
    },
  ],
} as const satisfies InputSchema;

type WordsInput = InputOf<typeof wordsSchema>;

function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? [];
}

const tasks: Record<WordsInput["task"][number], (input: WordsInput) => string> = {
  count: ({ text }) =>
    `Words: ${words(text).length}\nSentences: ${text.split(/[.!?]+/).filter((s) => s.trim()).length}`,
  keywords: ({ text, keywords }) => {
    const frequency = new Map<string, number>();
    for (const word of words(text)) {
      if (word.length > 2) frequency.set(word, (frequency.get(word) ?? 0) + 1);
    }
    return [...frequency]
      .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
      .slice(0, keywords)
      .map(([word, times], index) => `${index + 1}. ${word} (${times})`)
      .join("\n");
  },
  upper: ({ text }) => text.toUpperCase(),
};

/**
 * Works on text: counts words and sentences, lists keywords or writes it in capitals. With
 * `review`, asks the buyer to approve or edit the result first; a rejection fails the job.
 */
export const wordsAgent = {
  inputSchema: wordsSchema,
  async run(input: WordsInput, ctx: JobContext) {
    const result = tasks[input.task[0]](input);
    if (!input.review) return result;
    const review = await ctx.requestInput(reviewSchema, `Please review the result:\n\n${result}`);
    if (review.edited?.trim()) return review.edited;
    if (!review.approve) throw new Error("The buyer rejected the result");
    return result;
  },
  demo: {
    input: { text: "One two. Three!", task: [0], review: false },
    output: { result: "Words: 3\nSentences: 2" },
  },
} satisfies Agent;

/** A job to put straight into a store, as the agent or an earlier process would have. */
export function newJob(overrides: Partial<Job> = {}): Job {
  const now = Date.now();
  return {
    id: randomUUID(),
    statusId: randomUUID(),
    status: "running",
    identifierFromPurchaser: PURCHASER,
    // As wordsAgent's input arrives at `run`: validated, defaults filled in.
    input: { text: "hello", task: ["count"], keywords: 5, review: false },
    inputHash: "0".repeat(64),
    payment: null,
    inputRequest: null,
    inputs: [],
    result: null,
    resultHash: null,
    resultSubmittedAt: null,
    message: null,
    restarts: 0,
    createdAt: now,
    updatedAt: now,
    ...overrides,
  };
}

/** A run of a HeldAgent, waiting for the test to end it. */
export interface HeldRun {
  signal: AbortSignal;
  finish(result: string): void;
  fail(error: unknown): void;
}

/** An agent whose runs wait until the test ends them, so that a test can act while they run. */
export interface HeldAgent extends Agent {
  /** The run of this job, once it started. */
  started(jobId: string): Promise<HeldRun>;
}

export function heldAgent(): HeldAgent {
  const runs = new Map<string, HeldRun>();
  return {
    inputSchema: wordsSchema,
    run: (_input, ctx) =>
      new Promise((resolve, reject) => {
        runs.set(ctx.jobId, { signal: ctx.signal, finish: resolve, fail: reject });
      }),
    async started(jobId) {
      await expect.poll(() => runs.has(jobId)).toBe(true);
      return runs.get(jobId) as HeldRun;
    },
  };
}
