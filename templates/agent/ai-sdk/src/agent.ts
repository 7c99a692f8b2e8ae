/**
 * Your agent: a researcher on the Vercel AI SDK. It answers the buyer's question from web pages,
 * reading each page only once the buyer approved it. The input schema, the example job and the
 * instructions are in src/research.ts, the model in src/model.ts (set in .env).
 *
 * The AI SDK pauses a tool that needs approval (`needsApproval`): generateText returns a
 * tool-approval-request instead of running it. Here the buyer decides, over MIP-003: the job
 * waits in awaiting_input, and the answer from /provide_input goes back to the model as the
 * tool-approval-response.
 */
import { generateText, stepCountIs, tool, type ModelMessage, type ToolApprovalResponse } from "ai";
import type { JobContext } from "masumi-agent";
import * as z from "zod";
import { languageModel } from "./model.ts";
import { readPage } from "./read-page.ts";
import { buyerApprovesReading, instructions, taskPrompt, type Input } from "./research.ts";
import { modelConfig, stepLimitExceeded } from "./settings.ts";

export { demo, inputSchema } from "./research.ts";
export { prepare } from "./settings.ts";

/** Does the job. The string it returns is the job's result; throwing fails the job. */
export async function run(input: Input, ctx: JobContext): Promise<string> {
  const { maxSteps, maxOutputTokens } = modelConfig();
  const tools = {
    read_page: tool({
      description: "Reads a web page and returns its text",
      inputSchema: z.object({ url: z.string().describe("The page's http(s) address") }),
      needsApproval: true,
      execute: ({ url }) => readPage(url, ctx.signal),
    }),
  };
  const messages: ModelMessage[] = [{ role: "user", content: taskPrompt(input) }];
  let stepsTaken = 0;
  while (stepsTaken < maxSteps) {
    const result = await generateText({
      model: languageModel(),
      system: instructions,
      messages,
      tools,
      stopWhen: stepCountIs(maxSteps - stepsTaken),
      maxOutputTokens,
      // A job timeout or a shutdown aborts the model call.
      abortSignal: ctx.signal,
    });
    messages.push(...result.response.messages);
    stepsTaken += result.steps.length;
    const approvals = result.content.filter((part) => part.type === "tool-approval-request");
    if (approvals.length === 0) {
      if (result.finishReason === "tool-calls") break; // out of steps while still working
      return result.text;
    }
    const responses: ToolApprovalResponse[] = [];
    for (const { approvalId, toolCall } of approvals) {
      const { url } = toolCall.input as { url: string };
      const approved = await buyerApprovesReading(ctx, url);
      responses.push({ type: "tool-approval-response", approvalId, approved });
    }
    messages.push({ role: "tool", content: responses });
  }
  throw stepLimitExceeded();
}
