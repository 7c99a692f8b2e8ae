/**
 * Your agent: a researcher as a LangGraph.js graph. It answers the buyer's question from web
 * pages, reading each page only once the buyer approved it. The input schema, the example job and
 * the instructions are in src/research.ts, the model in src/model.ts (set in .env).
 *
 * The graph is LangGraph's tool-calling loop: a model node, a tool node, and an edge back. The
 * read_page tool calls `interrupt()` before it reads, which pauses the graph (its state kept by
 * the checkpointer under the job's thread). Here the buyer decides, over MIP-003: the job waits
 * in awaiting_input, and the answer from /provide_input resumes the graph with `Command`.
 */
import {
  Command,
  END,
  INTERRUPT,
  interrupt,
  isInterrupted,
  MemorySaver,
  MessagesAnnotation,
  START,
  StateGraph,
} from "@langchain/langgraph";
import { ToolNode, toolsCondition } from "@langchain/langgraph/prebuilt";
import { SystemMessage } from "@langchain/core/messages";
import { tool } from "@langchain/core/tools";
import type { JobContext } from "masumi-agent";
import * as z from "zod";
import { chatModel } from "./model.ts";
import { readPage } from "./read-page.ts";
import { buyerApprovesReading, instructions, taskPrompt, type Input } from "./research.ts";
import { modelConfig, stepLimitExceeded } from "./settings.ts";

export { demo, inputSchema } from "./research.ts";
export { prepare } from "./settings.ts";

/** What the graph pauses with, and what resumes it. */
interface ReadRequest {
  url: string;
}

const readPageTool = tool(
  async ({ url }, config) => {
    const approved = interrupt<ReadRequest, boolean>({ url });
    if (!approved) return "The buyer did not allow reading this page.";
    // run() gives the graph the job's signal, and the graph gives it to every node and tool.
    return readPage(url, config.signal!);
  },
  {
    name: "read_page",
    description: "Reads a web page and returns its text",
    schema: z.object({ url: z.string().describe("The page's http(s) address") }),
  },
);

// Jobs that pause keep their graph state here, by thread (the job's id), until they finish.
const checkpointer = new MemorySaver();

const graph = new StateGraph(MessagesAnnotation)
  .addNode("model", async (state, config) => {
    // MODEL_MAX_STEPS counts the model's answers of the whole job; the graph's recursion limit
    // would count each invocation apart, and a resumed graph is a new one.
    const answers = state.messages.filter((message) => message.getType() === "ai").length;
    if (answers >= modelConfig().maxSteps) throw stepLimitExceeded();
    const model = chatModel().bindTools([readPageTool]);
    const reply = await model.invoke([new SystemMessage(instructions), ...state.messages], config);
    return { messages: [reply] };
  })
  .addNode("tools", new ToolNode([readPageTool]))
  .addEdge(START, "model")
  .addConditionalEdges("model", toolsCondition, ["tools", END])
  .addEdge("tools", "model")
  .compile({ checkpointer });

/** Does the job. The string it returns is the job's result; throwing fails the job. */
export async function run(input: Input, ctx: JobContext): Promise<string> {
  const { maxSteps } = modelConfig();
  const config = {
    configurable: { thread_id: ctx.jobId },
    // Room for every model step and its tools, and the one more model step that stops the job.
    recursionLimit: maxSteps * 2 + 1,
    // A job timeout or a shutdown aborts the graph and its model calls.
    signal: ctx.signal,
  };
  try {
    let state = await graph.invoke(
      { messages: [{ role: "user", content: taskPrompt(input) }] },
      config,
    );
    while (isInterrupted<ReadRequest>(state)) {
      const [pause] = state[INTERRUPT];
      const approved = await buyerApprovesReading(ctx, pause!.value!.url);
      state = await graph.invoke(new Command({ resume: approved }), config);
    }
    return state.messages.at(-1)?.text ?? "";
  } finally {
    await checkpointer.deleteThread(ctx.jobId);
  }
}
