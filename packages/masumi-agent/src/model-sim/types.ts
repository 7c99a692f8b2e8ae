/** The model-provider stand-in's public types: what a test scripts and what it reads back. */

/** One tool call the scripted model makes; `id` defaults to a generated one (call_…, toolu_…). */
export interface ModelToolCall {
  name: string;
  arguments: Record<string, unknown>;
  id?: string;
}

/**
 * One scripted answer. `delayMs` makes it slow (for abort and timeout tests): a plain answer waits
 * that long before it is sent, a streamed one sends its first event, waits, then the rest.
 */
export type ModelTurn =
  | { text: string; delayMs?: number }
  | { toolCalls: ModelToolCall[]; delayMs?: number }
  | { error: { status: number; message?: string } };

export type ModelProvider = "openai" | "anthropic";

/** Which of the provider APIs a request went to. */
export type ModelApi = "chat.completions" | "responses" | "messages" | "models";

/** One request the stand-in received (admin routes excluded), as a test reads it. */
export interface RecordedModelRequest {
  provider: ModelProvider;
  api: ModelApi | null;
  method: string;
  path: string;
  /** The request's `model`; undefined when it has none (or the body did not parse). */
  model: string | undefined;
  /** Chat `messages`, Anthropic `messages`, or the Responses API's `input` as a list of items. */
  messages: unknown[];
  /** The system prompt: Anthropic's `system`, the Responses API's `instructions`. */
  system: unknown;
  tools: unknown[];
  stream: boolean;
  /** The request headers without credentials (authorization, x-api-key, api-key, cookie). */
  headers: Record<string, string>;
  /** The parsed JSON body, the raw text when it is not JSON, or undefined when empty. */
  body: unknown;
  /** The answer's status; null while it is being answered or when the client went away first. */
  status: number | null;
  /** Where the answer came from: a scripted turn, the default reply, or none (an error or a GET). */
  answeredBy: "script" | "default" | null;
  /** The client disconnected before the answer was complete. */
  aborted: boolean;
  at: string;
}

export interface ModelSimOptions {
  /** Default 0: any free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /**
   * When set, every request must carry this key (OpenAI: `Authorization: Bearer`; Anthropic:
   * `x-api-key` or `Authorization: Bearer`), else 401. When unset a key must still be present, as
   * the real services require, but any value is accepted.
   */
  apiKey?: string;
  /** Turns queued at the start, as `script(...turns)` would. */
  turns?: ModelTurn[];
  /** Receives one line per request. Never a key. */
  log?: (line: string) => void;
}

export interface ModelSim {
  /** The origin, e.g. http://127.0.0.1:PORT. */
  readonly url: string;
  /** `${url}/v1`: the base URL for OpenAI and OpenAI-compatible clients (OPENAI_BASE_URL). */
  readonly openaiBaseUrl: string;
  /**
   * `url` itself, for `@anthropic-ai/sdk` (it appends /v1/messages). The AI SDK's `@ai-sdk/anthropic`
   * wants the URL with /v1: give it `openaiBaseUrl`.
   */
  readonly anthropicBaseUrl: string;
  /** Queue replies: each model request takes the next one; when the queue is empty the default reply answers. */
  script(...turns: ModelTurn[]): void;
  /** Every request received, in order (a snapshot). */
  readonly requests: readonly RecordedModelRequest[];
  /** Empties the queue and the recorded requests. */
  reset(): void;
  close(): Promise<void>;
}
