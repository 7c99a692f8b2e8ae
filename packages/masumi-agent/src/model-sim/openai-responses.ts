/**
 * The OpenAI Responses API, `POST /v1/responses` (what the OpenAI Agents SDK and the AI SDK's
 * `openai()` use by default): a `response` object whose `output` holds a `message` item with
 * `output_text`, or `function_call` items; with `stream: true` the typed events response.created,
 * response.in_progress, response.output_item.added, response.content_part.added,
 * response.output_text.delta/done, response.function_call_arguments.delta/done,
 * response.content_part.done, response.output_item.done and response.completed, each numbered.
 */
import { ProviderError } from "./errors.ts";
import { jsonFragments, textPieces, tokenEstimate, type Exchange, type IdMaker } from "./exchange.ts";
import { lastUserText, unixSeconds, type AnswerReply, type ModelApiModule, type ModelRequest } from "./model-api.ts";

function missing(param: string): ProviderError {
  return new ProviderError(400, `Missing required parameter: '${param}'.`, {
    param,
    code: "missing_required_parameter",
  });
}

function parse(body: Record<string, unknown>): ModelRequest {
  const { model, input, instructions, tools, stream } = body;
  if (model === undefined || model === null || model === "") throw missing("model");
  if (typeof model !== "string")
    throw new ProviderError(400, `Invalid type for 'model': expected a string, but got ${typeof model} instead.`, {
      param: "model",
      code: "invalid_type",
    });
  // The real API can continue a stored conversation without input; the simulator stores none.
  if (input === undefined || input === null) throw missing("input");
  if (typeof input !== "string" && !Array.isArray(input))
    throw new ProviderError(400, "Invalid type for 'input': expected a string or an array of input items.", {
      param: "input",
      code: "invalid_type",
    });
  if (stream !== undefined && stream !== null && typeof stream !== "boolean")
    throw new ProviderError(400, "Invalid type for 'stream': expected a boolean.", {
      param: "stream",
      code: "invalid_type",
    });
  const messages: unknown[] = typeof input === "string" ? [{ role: "user", content: input }] : input;
  return {
    model,
    messages,
    system: instructions,
    tools: Array.isArray(tools) ? tools : [],
    stream: stream === true,
    lastUserText: lastUserText(messages),
    body,
  };
}

type OutputItem =
  | {
      id: string;
      type: "message";
      status: string;
      role: "assistant";
      content: { type: "output_text"; text: string; annotations: []; logprobs: [] }[];
    }
  | { id: string; type: "function_call"; status: string; call_id: string; name: string; arguments: string };

function outputItems(reply: AnswerReply, ids: IdMaker): OutputItem[] {
  if (reply.kind === "text")
    return [
      {
        id: ids.make("msg_"),
        type: "message",
        status: "completed",
        role: "assistant",
        content: [{ type: "output_text", text: reply.text, annotations: [], logprobs: [] }],
      },
    ];
  return reply.toolCalls.map((call) => ({
    id: ids.make("fc_"),
    type: "function_call",
    status: "completed",
    call_id: call.id ?? ids.make("call_"),
    name: call.name,
    arguments: JSON.stringify(call.arguments),
  }));
}

/** The response object, echoing the request's settings as the real API does. */
function responseObject(id: string, request: ModelRequest, output: OutputItem[], completed: boolean) {
  const { body } = request;
  const inputTokens = tokenEstimate([request.system, request.messages]);
  const outputTokens = tokenEstimate(output);
  return {
    id,
    object: "response",
    created_at: unixSeconds(),
    status: completed ? "completed" : "in_progress",
    background: false,
    error: null,
    incomplete_details: null,
    instructions: body.instructions ?? null,
    max_output_tokens: body.max_output_tokens ?? null,
    model: request.model,
    output: completed ? output : [],
    parallel_tool_calls: body.parallel_tool_calls ?? true,
    previous_response_id: body.previous_response_id ?? null,
    reasoning: { effort: null, summary: null },
    store: body.store ?? true,
    temperature: body.temperature ?? 1,
    text: body.text ?? { format: { type: "text" } },
    tool_choice: body.tool_choice ?? "auto",
    tools: request.tools,
    top_p: body.top_p ?? 1,
    truncation: body.truncation ?? "disabled",
    usage: completed
      ? {
          input_tokens: inputTokens,
          input_tokens_details: { cached_tokens: 0 },
          output_tokens: outputTokens,
          output_tokens_details: { reasoning_tokens: 0 },
          total_tokens: inputTokens + outputTokens,
        }
      : null,
    user: null,
    metadata: body.metadata ?? {},
  };
}

/** The events that build one output item, from output_item.added to output_item.done. */
function itemEvents(item: OutputItem, outputIndex: number): ({ type: string } & Record<string, unknown>)[] {
  const at = { item_id: item.id, output_index: outputIndex };
  if (item.type === "function_call")
    return [
      {
        type: "response.output_item.added",
        output_index: outputIndex,
        item: { ...item, status: "in_progress", arguments: "" },
      },
      ...jsonFragments(item.arguments).map((delta) => ({
        type: "response.function_call_arguments.delta",
        ...at,
        delta,
      })),
      { type: "response.function_call_arguments.done", ...at, name: item.name, arguments: item.arguments },
      { type: "response.output_item.done", output_index: outputIndex, item },
    ];
  const part = item.content[0]!;
  const inPart = { ...at, content_index: 0 };
  return [
    {
      type: "response.output_item.added",
      output_index: outputIndex,
      item: { ...item, status: "in_progress", content: [] },
    },
    { type: "response.content_part.added", ...inPart, part: { ...part, text: "" } },
    ...textPieces(part.text).map((delta) => ({ type: "response.output_text.delta", ...inPart, delta, logprobs: [] })),
    { type: "response.output_text.done", ...inPart, text: part.text, logprobs: [] },
    { type: "response.content_part.done", ...inPart, part },
    { type: "response.output_item.done", output_index: outputIndex, item },
  ];
}

async function answer(reply: AnswerReply, request: ModelRequest, exchange: Exchange, ids: IdMaker): Promise<void> {
  const id = ids.make("resp_");
  const output = outputItems(reply, ids);
  if (!request.stream) {
    if (await exchange.wait(reply.delayMs)) exchange.json(200, responseObject(id, request, output, true));
    return;
  }
  let sequence = 0;
  const send = (event: { type: string } & Record<string, unknown>) =>
    exchange.event({ ...event, sequence_number: sequence++ }, event.type);
  exchange.openStream();
  const started = responseObject(id, request, output, false);
  send({ type: "response.created", response: started });
  send({ type: "response.in_progress", response: started });
  if (!(await exchange.wait(reply.delayMs))) return;
  for (const [index, item] of output.entries()) for (const event of itemEvents(item, index)) send(event);
  send({ type: "response.completed", response: responseObject(id, request, output, true) });
  exchange.endStream();
}

export const openaiResponses: ModelApiModule = { provider: "openai", api: "responses", parse, answer };
