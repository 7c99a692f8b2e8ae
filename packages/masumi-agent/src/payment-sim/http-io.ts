/**
 * Reading requests and writing answers the way the real service (express + express-zod-api with
 * its custom result handler, utils/generator/endpoint-factory) does: JSON bodies up to 100 kB
 * (express.json), `{"status":"success","data":...}` or `{"status":"error","error":{"message":...}}`.
 */
import type { IncomingMessage, ServerResponse } from "node:http";

/** An error answer: the status, the message clients read, and extra headers (405's Allow). */
export class HttpError extends Error {
  override name = "HttpError";
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const BODY_LIMIT_BYTES = 100 * 1024;

/** The body as text; a 413 HttpError past `limitBytes` (the model simulator allows larger bodies). */
export async function readBody(request: IncomingMessage, limitBytes = BODY_LIMIT_BYTES): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limitBytes) throw new HttpError(413, "request entity too large");
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * The body as the handlers see it. Like express.json, only `application/json` bodies are parsed,
 * and express-zod-api merges the body into an object, so anything else reads as `{}`.
 */
export function parseJsonBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  const isJson = contentType?.split(";")[0]?.trim().toLowerCase() === "application/json";
  if (!isJson || raw.trim() === "") return {};
  const first = /^[ \t\n\r]*([^ \t\n\r])/.exec(raw)?.[1];
  if (first !== "{" && first !== "[") throw new HttpError(400, strictModeMessage(raw, first ?? ""));
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    throw new HttpError(400, (error as Error).message);
  }
  return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)
    ? (parsed as Record<string, unknown>)
    : {};
}

/**
 * body-parser's strict mode refuses a body that is not an object or array with the message
 * JSON.parse gives for the body with everything from its first character on masked as "#",
 * the mask then replaced by the body's own characters.
 */
function strictModeMessage(raw: string, first: string): string {
  const index = raw.indexOf(first);
  const masked = raw.slice(0, index) + "#".repeat(raw.length - index);
  try {
    JSON.parse(masked);
    return "strict violation";
  } catch (error) {
    return (error as Error).message.replace(/#+/g, (mask) => raw.slice(index, index + mask.length));
  }
}

export function sendJson(
  response: ServerResponse,
  status: number,
  payload: unknown,
  headers: Record<string, string> = {},
): void {
  const body = JSON.stringify(payload);
  response.writeHead(status, {
    ...headers,
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(body),
  });
  response.end(body);
}

export function successBody(data: unknown): { status: "success"; data: unknown } {
  return { status: "success", data };
}

export function errorBody(message: string): { status: "error"; error: { message: string } } {
  return { status: "error", error: { message } };
}
