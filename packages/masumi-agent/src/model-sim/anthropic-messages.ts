/**
 * Anthropic Messages, `POST /v1/messages`: a `message` object with `text` or `tool_use` content
 * blocks, or with `stream: true` the events message_start, content_block_start / ping /
 * content_block_delta (text_delta, input_json_delta) / content_block_stop per block, message_delta
 * (stop_reason, output usage) and message_stop.
 */
import { ProviderError } from "./errors.ts";
import { jsonFragments, textPieces, tokenEstimate, type Exchange, type IdMaker } from "./exchange.ts";
import { lastUserText, type AnswerReply, type ModelApiModule, type ModelRequest } from "./model-api.ts";

function required(field: string): ProviderError {
  return new ProviderError(400, `${field}: Field required`);
}

function parse(body: Record<string, unknown>): ModelRequest {
  const { model, max_tokens: maxTokens, messages, system, tools, stream } = body;
  if (model === undefined) throw required("model");
  if (typeof model !== "string" || model === "") throw new ProviderError(400, "model: Input should be a valid string");
  if (maxTokens === undefined) throw required("max_tokens");
  if (typeof maxTokens !== "number" || !Number.isInteger(maxTokens) || maxTokens < 1)
    throw new ProviderError(400, "max_tokens: Input should be a valid integer greater than or equal to 1");
  if (messages === undefined) throw required("messages");
  if (!Array.isArray(messages) || messages.some((message) => typeof message !== "object" || message === null))
    throw new ProviderError(400, "messages: Input should be a valid list of messages");
  if (messages.length === 0) throw new ProviderError(400, "messages: at least one message is required");
  if (stream !== undefined && typeof stream !== "boolean")
    throw new ProviderError(400, "stream: Input should be a valid boolean");
  return {
    model,
    messages,
    system,
    tools: Array.isArray(tools) ? tools : [],
    stream: stream === true,
    lastUserText: lastUserText(messages),
    body,
  };
}

type ContentBlock =
  { type: "text"; text: string } | { type: "tool_use"; id: string; name: string; input: Record<string, unknown> };

function contentBlocks(reply: AnswerReply, ids: IdMaker): ContentBlock[] {
  if (reply.kind === "text") return [{ type: "text", text: reply.text }];
  return reply.toolCalls.map((call) => ({
    type: "tool_use",
    id: call.id ?? ids.make("toolu_"),
    name: call.name,
    input: call.arguments,
  }));
}

/** A block as content_block_start shows it (empty), and the deltas that fill it. */
function blockEvents(block: ContentBlock): { start: ContentBlock; deltas: unknown[] } {
  if (block.type === "text")
    return {
      start: { type: "text", text: "" },
      deltas: textPieces(block.text).map((text) => ({ type: "text_delta", text })),
    };
  return {
    start: { ...block, input: {} },
    deltas: jsonFragments(JSON.stringify(block.input)).map((partial) => ({
      type: "input_json_delta",
      partial_json: partial,
    })),
  };
}

async function answer(reply: AnswerReply, request: ModelRequest, exchange: Exchange, ids: IdMaker): Promise<void> {
  const content = contentBlocks(reply, ids);
  const stopReason = reply.kind === "toolCalls" ? "tool_use" : "end_turn";
  const inputTokens = tokenEstimate([request.system, request.messages]);
  const outputTokens = tokenEstimate(content);
  const message = {
    id: ids.make("msg_"),
    type: "message",
    role: "assistant",
    model: request.model,
    content,
    stop_reason: stopReason,
    stop_sequence: null,
    usage: {
      input_tokens: inputTokens,
      output_tokens: outputTokens,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
    },
  };
  if (!request.stream) {
    if (await exchange.wait(reply.delayMs)) exchange.json(200, message);
    return;
  }
  const send = (data: { type: string } & Record<string, unknown>) => exchange.event(data, data.type);
  exchange.openStream();
  send({
    type: "message_start",
    message: { ...message, content: [], stop_reason: null, usage: { ...message.usage, output_tokens: 1 } },
  });
  if (!(await exchange.wait(reply.delayMs))) return;
  for (const [index, block] of content.entries()) {
    const { start, deltas } = blockEvents(block);
    send({ type: "content_block_start", index, content_block: start });
    if (index === 0) send({ type: "ping" });
    for (const delta of deltas) send({ type: "content_block_delta", index, delta });
    send({ type: "content_block_stop", index });
  }
  send({
    type: "message_delta",
    delta: { stop_reason: stopReason, stop_sequence: null },
    usage: { output_tokens: outputTokens },
  });
  send({ type: "message_stop" });
  exchange.endStream();
}

export const anthropicMessages: ModelApiModule = { provider: "anthropic", api: "messages", parse, answer };
