/**
 * The providers' error answers. OpenAI: `{"error": {"message", "type", "param", "code"}}`;
 * Anthropic: `{"type": "error", "error": {"type", "message"}}` with a type named after the status.
 */
import type { ModelProvider } from "./types.ts";

/** An error answer in the provider's shape; `param` and `code` are OpenAI's extra fields. */
export class ProviderError extends Error {
  override name = "ProviderError";
  constructor(
    readonly status: number,
    message: string,
    readonly details: { type?: string; param?: string | null; code?: string | null } = {},
  ) {
    super(message);
  }
}

function openaiType(status: number): string {
  if (status === 429) return "requests";
  if (status >= 500) return "server_error";
  return "invalid_request_error";
}

function openaiCode(status: number): string | null {
  if (status === 401) return "invalid_api_key";
  if (status === 404) return "model_not_found";
  if (status === 429) return "rate_limit_exceeded";
  return null;
}

// The error types Anthropic's docs list per status.
const ANTHROPIC_TYPES: Record<number, string> = {
  400: "invalid_request_error",
  401: "authentication_error",
  402: "billing_error",
  403: "permission_error",
  404: "not_found_error",
  413: "request_too_large",
  429: "rate_limit_error",
  500: "api_error",
  504: "timeout_error",
  529: "overloaded_error",
};

function anthropicType(status: number): string {
  return ANTHROPIC_TYPES[status] ?? (status >= 500 ? "api_error" : "invalid_request_error");
}

/** A default message for a scripted error turn without one. */
export function statusMessage(status: number): string {
  if (status === 401) return "Invalid authentication (simulated)";
  if (status === 429) return "Rate limit reached (simulated)";
  if (status >= 500) return "The server had an error while processing your request (simulated)";
  return `Simulated error ${status}`;
}

export function errorBody(provider: ModelProvider, error: ProviderError): unknown {
  const { status, message, details } = error;
  if (provider === "anthropic")
    return { type: "error", error: { type: details.type ?? anthropicType(status), message } };
  return {
    error: {
      message,
      type: details.type ?? openaiType(status),
      param: details.param ?? null,
      code: details.code === undefined ? openaiCode(status) : details.code,
    },
  };
}
