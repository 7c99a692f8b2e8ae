/**
 * Your agent: a researcher on the OpenAI Agents SDK. It answers the buyer's question from web
 * pages, reading each page only once the buyer approved it. The input schema, the example job and
 * the instructions are in src/research.ts, the model in src/model.ts (set in .env).
 *
 * The read_page tool needs approval (`needsApproval`): the run stops with an interruption
 * instead of calling it. Here the buyer decides, over MIP-003: the job waits in awaiting_input,
 * the answer from /provide_input approves or rejects the call in the run's state, and the run
 * goes on from that state.
 */
import {
  Agent,
  MaxTurnsExceededError,
  run as runAgent,
  setTracingDisabled,
  tool,
  type CallModelInputFilterArgs,
  type RunContext,
} from "@openai/agents";
import type { JobContext } from "masumi-agent";
import * as z from "zod";
import { agentModel } from "./model.ts";
import { readPage } from "./read-page.ts";
import { buyerApprovesReading, instructions, taskPrompt, type Input } from "./research.ts";
import { modelConfig, stepLimitExceeded } from "./settings.ts";

export { demo, inputSchema } from "./research.ts";
export { prepare } from "./settings.ts";

// Traces would go to OpenAI's dashboard, with the OpenAI key; a provider of another kind has none.
setTracingDisabled(true);

/** What the tools see of the run: the job's signal, so a timeout or shutdown stops a read. */
interface JobRunContext {
  signal: AbortSignal;
}

const readPageTool = tool({
  name: "read_page",
  description: "Reads a web page and returns its text",
  parameters: z.object({ url: z.string().describe("The page's http(s) address") }),
  needsApproval: true,
  // run() gives the run its job's signal in the context that every tool call gets.
  execute: ({ url }, runContext?: RunContext<JobRunContext>) =>
    readPage(url, runContext!.context.signal),
});

/** Does the job. The string it returns is the job's result; throwing fails the job. */
export async function run(input: Input, ctx: JobContext): Promise<string> {
  const { maxSteps, maxOutputTokens } = modelConfig();
  const researcher = new Agent<JobRunContext>({
    name: "Researcher",
    instructions,
    model: agentModel(),
    modelSettings: { maxTokens: maxOutputTokens },
    tools: [readPageTool],
  });
  let modelCalls = 0;
  const options = {
    context: { signal: ctx.signal },
    maxTurns: maxSteps,
    // A job timeout or a shutdown aborts the run and its model calls.
    signal: ctx.signal,
    // MODEL_MAX_STEPS counts every model call of the job: a run resumed after an approval goes on
    // in the same turn, so maxTurns alone would allow more.
    callModelInputFilter: ({ modelData }: CallModelInputFilterArgs) => {
      if (++modelCalls > maxSteps) throw stepLimitExceeded();
      return modelData;
    },
  };
  try {
    let result = await runAgent(researcher, taskPrompt(input), options);
    while (result.interruptions.length > 0) {
      for (const interruption of result.interruptions) {
        const { url } = JSON.parse(interruption.arguments ?? "{}") as { url: string };
        if (await buyerApprovesReading(ctx, url)) result.state.approve(interruption);
        else result.state.reject(interruption);
      }
      result = await runAgent(researcher, result.state, options);
    }
    return String(result.finalOutput ?? "");
  } catch (error) {
    if (error instanceof MaxTurnsExceededError) throw stepLimitExceeded();
    throw error;
  }
}
