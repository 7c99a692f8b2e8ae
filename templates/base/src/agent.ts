/**
 * Your agent: what it takes (inputSchema), what it does (run) and an example job for
 * marketplaces (demo). This is the file to edit: masumi-agent serves it over MIP-003.
 *
 * The example works on text, offline: statistics, keywords or title case. With `review` set,
 * it shows the buyer its result and waits for approval or an edit before it finishes.
 */
import type { Demo, InputOf, InputSchema, JobContext } from "masumi-agent";

export const inputSchema = {
  input_data: [
    {
      id: "text",
      type: "textarea",
      name: "Text",
      data: { description: "The text to work on", placeholder: "Paste some text" },
      validations: [
        { validation: "max", value: "20000" },
        { validation: "format", value: "nonempty" },
      ],
    },
    {
      id: "task",
      type: "option",
      name: "Task",
      data: {
        description: "What to do with the text",
        values: ["statistics", "keywords", "title case"],
        default: ["statistics"],
      },
      validations: [
        { validation: "min", value: "1" },
        { validation: "max", value: "1" },
        { validation: "optional", value: "true" },
      ],
    },
    {
      id: "keywords",
      type: "number",
      name: "Number of keywords",
      data: { description: "How many keywords the keywords task lists", default: 5 },
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
      name: "Review before finishing",
      data: { description: "See the result and approve or edit it first", default: false },
      validations: [{ validation: "optional", value: "true" }],
    },
  ],
} as const satisfies InputSchema;

/** The validated input, typed from the schema above. */
export type Input = InputOf<typeof inputSchema>;

/** What the buyer answers when `review` is set (human in the loop). */
const reviewSchema = {
  input_data: [
    { id: "approve", type: "boolean", name: "Approve the result" },
    {
      id: "edited",
      type: "textarea",
      name: "Edited result",
      data: { description: "Replaces the result when given" },
      validations: [
        { validation: "max", value: "20000" },
        { validation: "optional", value: "true" },
      ],
    },
  ],
} as const satisfies InputSchema;

/** What each task does; typed by the choices of the `task` field, so none can be forgotten. */
const tasks: Record<Input["task"][number], (input: Input) => string> = {
  statistics: (input) => statistics(input.text),
  keywords: (input) => keywords(input.text, input.keywords),
  "title case": (input) => titleCase(input.text),
};

/** Does the job. The string it returns is the job's result; throwing fails the job. */
export async function run(input: Input, ctx: JobContext): Promise<string> {
  // One task: the field asks for at least one choice (min 1) and at most one (max 1).
  const result = tasks[input.task[0]](input);
  if (!input.review) return result;

  const review = await ctx.requestInput(reviewSchema, `Please review the result:\n\n${result}`);
  if (review.edited?.trim()) return review.edited;
  if (!review.approve) throw new Error("The buyer rejected the result");
  return result;
}

/**
 * An example job, shown by marketplaces. The input is what Sokosumi itself would send: choices
 * as indices into `data.values` (1 is "keywords"). test/agent.test.ts checks that the agent gives
 * the output for it.
 */
export const demo: Demo = {
  input: {
    text: "Agents on Masumi sell their work. Masumi agents are paid per job.",
    task: [1],
    keywords: 3,
    review: false,
  },
  output: { result: "1. agents (2)\n2. masumi (2)\n3. job (1)" },
};

function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? [];
}

function statistics(text: string): string {
  const wordCount = words(text).length;
  const sentences = text.split(/[.!?]+/).filter((part) => part.trim() !== "").length;
  const characters = [...text].length;
  const letters = [...text.replace(/\s/g, "")].length;
  const minutes = Math.max(1, Math.round(wordCount / 200));
  return [
    `Words: ${wordCount}`,
    `Sentences: ${sentences}`,
    `Characters: ${characters} (${letters} without spaces)`,
    `Reading time: about ${minutes} minute${minutes === 1 ? "" : "s"}`,
  ].join("\n");
}

// Common words that say little about a text.
const STOP_WORDS = new Set(
  `and are but can for from get has have its not per that the their they this was were with
   you your`.split(/\s+/),
);

function keywords(text: string, count: number): string {
  const frequency = new Map<string, number>();
  for (const word of words(text)) {
    // Words of one or two letters are never keywords.
    if (word.length > 2 && !STOP_WORDS.has(word)) {
      frequency.set(word, (frequency.get(word) ?? 0) + 1);
    }
  }
  const top = [...frequency]
    .sort(([a, countA], [b, countB]) => countB - countA || a.localeCompare(b))
    .slice(0, count);
  if (top.length === 0) return "No keywords found.";
  return top.map(([word, times], index) => `${index + 1}. ${word} (${times})`).join("\n");
}

/** Capitalizes the first letter of every word and lowercases the rest. */
function titleCase(text: string): string {
  const wordStart = /(^|[\s"'(-])(\p{L})/gu;
  return text.toLowerCase().replace(wordStart, (_, before: string, letter: string) => {
    return before + letter.toUpperCase();
  });
}
