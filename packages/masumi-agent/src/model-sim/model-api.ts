/** What each provider API module implements: reading a request, and answering it with a reply. */
import type { Exchange, IdMaker } from "./exchange.ts";
import type { ModelReply } from "./turns.ts";
import type { ModelApi, ModelProvider } from "./types.ts";

/** A model request whose body passed the provider's validation. */
export interface ModelRequest {
  model: string;
  messages: unknown[];
  system: unknown;
  tools: unknown[];
  stream: boolean;
  /** The text of the last user message (the default reply echoes it). */
  lastUserText: string;
  body: Record<string, unknown>;
}

/** A reply that is an answer (errors are sent by the server in the provider's error shape). */
export type AnswerReply = Exclude<ModelReply, { kind: "error" }>;

export interface ModelApiModule {
  provider: ModelProvider;
  api: ModelApi;
  /** The request, or a ProviderError with the provider's validation message. */
  parse(body: Record<string, unknown>): ModelRequest;
  answer(reply: AnswerReply, request: ModelRequest, exchange: Exchange, ids: IdMaker): Promise<void>;
}

/** The text of a message's content: a string, or the text parts of a list of parts/blocks. */
export function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .map((part) =>
      typeof part === "object" && part !== null && typeof (part as { text?: unknown }).text === "string"
        ? (part as { text: string }).text
        : "",
    )
    .filter((text) => text !== "")
    .join("\n");
}

/** The text of the last message with role "user" in a list of messages/items. */
export function lastUserText(messages: readonly unknown[]): string {
  for (let index = messages.length - 1; index >= 0; index--) {
    const message = messages[index] as { role?: unknown; content?: unknown } | null;
    if (message?.role === "user") return contentText(message.content);
  }
  return "";
}

/** `created`-style timestamps: seconds since the epoch. */
export const unixSeconds = (): number => Math.floor(Date.now() / 1000);
