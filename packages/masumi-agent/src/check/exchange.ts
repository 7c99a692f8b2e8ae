import type { Exchange } from "./types.js";

/** Reading exchanges: the small questions every check asks about a response. */

export function statusOf(exchange: Exchange): number | undefined {
  return exchange.response?.status;
}

export function is2xx(exchange: Exchange): boolean {
  const status = statusOf(exchange);
  return status !== undefined && status >= 200 && status < 300;
}

export function is4xx(exchange: Exchange): boolean {
  const status = statusOf(exchange);
  return status !== undefined && status >= 400 && status < 500;
}

export function is5xx(exchange: Exchange): boolean {
  const status = statusOf(exchange);
  return status !== undefined && status >= 500;
}

/** The JSON body when it is an object, else undefined. */
export function bodyObject(exchange: Exchange): Record<string, unknown> | undefined {
  const json = exchange.response?.json;
  return typeof json === "object" && json !== null && !Array.isArray(json)
    ? (json as Record<string, unknown>)
    : undefined;
}

export function nonEmptyString(value: unknown): value is string {
  return typeof value === "string" && value.trim() !== "";
}

/** What came back, in one line: `400 {"error":"invalid_input",...}` or the network error. */
export function describeAnswer(exchange: Exchange, maxLength = 200): string {
  if (!exchange.response) return `no answer (${exchange.error ?? "unknown error"})`;
  const body = exchange.response.body.replace(/\s+/g, " ").trim();
  const shown = body.length > maxLength ? `${body.slice(0, maxLength)}…` : body;
  return `${exchange.response.status}${shown ? ` ${shown}` : " (empty body)"}`;
}

/** The media type of a response, lower case and without parameters. */
export function mediaType(exchange: Exchange): string | undefined {
  return exchange.response?.headers["content-type"]?.split(";")[0]?.trim().toLowerCase();
}

export function isJsonMediaType(type: string | undefined): boolean {
  return type !== undefined && (type === "application/json" || type.endsWith("+json"));
}

/** A body cut to `max` characters (2,000 by default: enough to read, short enough for a terminal). */
export function abbreviate(text: string, max = 2000): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length - max} more characters)` : text;
}
