/**
 * OpenAI Chat Completions, `POST /v1/chat/completions`: a `chat.completion` object, or with
 * `stream: true` `chat.completion.chunk` events ending in `data: [DONE]`; tool calls stream as
 * `tool_calls` deltas (index, then id and name, then argument fragments); `stream_options.include_usage`
 * adds a last chunk with `usage` and empty `choices`.
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
  const { model, messages, tools, stream } = body;
  if (model === undefined || model === null || model === "")
    throw new ProviderError(400, "you must provide a model parameter");
  if (typeof model !== "string")
    throw new ProviderError(400, `Invalid type for 'model': expected a string, but got ${typeof model} instead.`, {
      param: "model",
      code: "invalid_type",
    });
  if (messages === undefined) throw missing("messages");
  if (!Array.isArray(messages) || messages.some((message) => typeof message !== "object" || message === null))
    throw new ProviderError(400, "Invalid type for 'messages': expected an array of objects.", {
      param: "messages",
      code: "invalid_type",
    });
  if (messages.length === 0)
    throw new ProviderError(
      400,
      "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
      { param: "messages", code: "empty_array" },
    );
  if (stream !== undefined && stream !== null && typeof stream !== "boolean")
    throw new ProviderError(400, "Invalid type for 'stream': expected a boolean.", {
      param: "stream",
      code: "invalid_type",
    });
  if (body.stream_options != null && stream !== true)
    throw new ProviderError(400, "The 'stream_options' parameter is only allowed when 'stream' is enabled.", {
      param: "stream_options",
      code: null,
    });
  return {
    model,
    messages,
    system: undefined,
    tools: Array.isArray(tools) ? tools : [],
    stream: stream === true,
    lastUserText: lastUserText(messages),
    body,
  };
}

interface WireToolCall {
  id: string;
  type: "function";
  function: { name: string; arguments: string };
}

function wireToolCalls(reply: AnswerReply, ids: IdMaker): WireToolCall[] {
  if (reply.kind !== "toolCalls") return [];
  return reply.toolCalls.map((call) => ({
    id: call.id ?? ids.make("call_"),
    type: "function",
    function: { name: call.name, arguments: JSON.stringify(call.arguments) },
  }));
}

function usage(request: ModelRequest, reply: AnswerReply, toolCalls: WireToolCall[]) {
  const prompt = tokenEstimate(request.messages);
  const completion = tokenEstimate(reply.kind === "text" ? reply.text : toolCalls);
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: 0,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

async function answer(reply: AnswerReply, request: ModelRequest, exchange: Exchange, ids: IdMaker): Promise<void> {
  const id = ids.make("chatcmpl-");
  const created = unixSeconds();
  const toolCalls = wireToolCalls(reply, ids);
  const finishReason = toolCalls.length > 0 ? "tool_calls" : "stop";
  const text = reply.kind === "text" ? reply.text : null;
  if (!request.stream) {
    if (!(await exchange.wait(reply.delayMs))) return;
    exchange.json(200, {
      id,
      object: "chat.completion",
      created,
      model: request.model,
      choices: [
        {
          index: 0,
          message: {
            role: "assistant",
            content: text,
            refusal: null,
            annotations: [],
            ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
          },
          logprobs: null,
          finish_reason: finishReason,
        },
      ],
      usage: usage(request, reply, toolCalls),
      service_tier: "default",
      system_fingerprint: null,
    });
    return;
  }

  const options = request.body.stream_options as { include_usage?: unknown } | undefined;
  const includeUsage = options?.include_usage === true;
  const chunk = (delta: Record<string, unknown>, finish: string | null = null) => ({
    id,
    object: "chat.completion.chunk",
    created,
    model: request.model,
    service_tier: "default",
    system_fingerprint: null,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    ...(includeUsage ? { usage: null } : {}),
  });
  exchange.openStream();
  exchange.event(chunk({ role: "assistant", content: text === null ? null : "", refusal: null }));
  if (!(await exchange.wait(reply.delayMs))) return;
  for (const piece of text === null ? [] : textPieces(text)) exchange.event(chunk({ content: piece }));
  for (const [index, call] of toolCalls.entries()) {
    exchange.event(
      chunk({
        tool_calls: [{ index, id: call.id, type: "function", function: { name: call.function.name, arguments: "" } }],
      }),
    );
    for (const fragment of jsonFragments(call.function.arguments))
      exchange.event(chunk({ tool_calls: [{ index, function: { arguments: fragment } }] }));
  }
  exchange.event(chunk({}, finishReason));
  if (includeUsage) exchange.event({ ...chunk({}), choices: [], usage: usage(request, reply, toolCalls) });
  exchange.event("[DONE]");
  exchange.endStream();
}

export const openaiChat: ModelApiModule = { provider: "openai", api: "chat.completions", parse, answer };
