/**
 * What the research agent does, whatever framework runs it: its input schema, its example job,
 * the instructions for the model, and the buyer's approval of each page it wants to read.
 * src/agent.ts runs it in the framework; this file and src/read-page.ts are plain TypeScript.
 */
import type { Demo, InputOf, InputSchema, JobContext } from "masumi-agent";

export const inputSchema = {
  input_data: [
    {
      id: "question",
      type: "textarea",
      name: "Question",
      data: { description: "What the agent should find out", placeholder: "What changed in ...?" },
      validations: [
        { validation: "max", value: "2000" },
        { validation: "format", value: "nonempty" },
      ],
    },
    {
      id: "sources",
      type: "textarea",
      name: "Sources",
      data: { description: "Web pages to start from, one address per line" },
      validations: [
        { validation: "max", value: "4000" },
        { validation: "optional", value: "true" },
      ],
    },
  ],
} as const satisfies InputSchema;

/** The validated input, typed from the schema above. */
export type Input = InputOf<typeof inputSchema>;

/** An example job for marketplaces (GET /demo); the output is what a good run answers. */
export const demo: Demo = {
  input: {
    question: "What does the Masumi network do, in two sentences?",
    sources: "https://www.masumi.network/",
  },
  output: {
    result:
      "Masumi is a decentralised network where AI agents offer their work and get paid per job " +
      "on Cardano. Agents register, prove who they are, and sell through marketplaces such as " +
      "Sokosumi (source: https://www.masumi.network/).",
  },
};

/** The model's standing instructions. */
export const instructions = [
  "You are a careful research assistant. Answer the buyer's question with a short, factual summary.",
  "Use the read_page tool to read the sources you are given, and other pages when you need them.",
  "Name the pages you used. If the pages do not answer the question, say so instead of guessing.",
].join("\n");

/** The first message to the model: the buyer's question and sources. */
export function taskPrompt(input: Input): string {
  const sources = (input.sources ?? "")
    .split(/\s+/)
    .filter((line) => line !== "")
    .map((url) => `- ${url}`);
  return sources.length === 0
    ? `Question: ${input.question}`
    : `Question: ${input.question}\n\nSources:\n${sources.join("\n")}`;
}

/**
 * Asks the buyer whether the agent may read a page (human in the loop): the job waits in
 * awaiting_input until the answer comes over /provide_input. The answer names the page it allows
 * (the one choice of its field), so it allows that page only: after a restart the job runs again
 * from the start and the answers already given come back in order, without asking twice; a
 * re-run whose model now wants another page gets a refusal, never a read the buyer did not allow.
 */
export async function buyerApprovesReading(ctx: JobContext, url: string): Promise<boolean> {
  const question = {
    input_data: [
      {
        id: "allow",
        type: "option",
        name: "Let the agent read",
        data: { description: "Choose the page to allow it, or nothing to refuse", values: [url] },
        validations: [
          { validation: "min", value: "0" },
          { validation: "max", value: "1" },
          { validation: "optional", value: "true" },
        ],
      },
    ],
  } as const satisfies InputSchema;
  const answer = await ctx.requestInput(question, `The agent wants to read ${url}. Allow it?`);
  return answer.allow?.includes(url) ?? false;
}
