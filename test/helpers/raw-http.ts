import { connect } from "node:net";

/** What a server did with bytes sent over a fresh TCP connection. */
export type RawOutcome =
  | { kind: "answer"; status: number; headers: Record<string, string>; body: string }
  /** The server closed the connection without answering. */
  | { kind: "closed" }
  /** Nothing came back, and the connection was still open, when the wait ended. */
  | { kind: "silent" };

export interface RawExchangeOptions {
  /** How long to wait for the server to answer and close; then the outcome is "silent". */
  waitMs: number;
  /** Half-close after writing, so the server sees the end of the request stream. */
  endAfterWrite?: boolean;
}

/**
 * Writes `request` as is to a new connection to 127.0.0.1:port and reads until the server closes
 * it or the first answer is complete. Raw sockets, because fetch cannot send malformed HTTP.
 */
export function rawExchange(port: number, request: Buffer | string, options: RawExchangeOptions): Promise<RawOutcome> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const received = Buffer.concat(chunks);
      resolve(received.length === 0 ? { kind: "closed" } : parseAnswer(received));
    };
    const timer = setTimeout(() => {
      if (chunks.length === 0) {
        settled = true;
        socket.destroy();
        resolve({ kind: "silent" });
      } else finish();
    }, options.waitMs);
    socket.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      if (answerComplete(Buffer.concat(chunks))) finish();
    });
    socket.on("close", finish);
    // A server that refuses early may close while we still write. What it answered before is
    // kept, but Node drops an answer not yet read when a write fails (EPIPE): a server must read
    // the rest of a request it refuses before it closes, or many clients lose the answer.
    socket.on("error", () => undefined);
    socket.write(request, () => {
      if (options.endAfterWrite) socket.end();
    });
  });
}

function splitHead(received: Buffer): { head: string; body: Buffer } | undefined {
  const end = received.indexOf("\r\n\r\n");
  if (end < 0) return undefined;
  return { head: received.subarray(0, end).toString("latin1"), body: received.subarray(end + 4) };
}

function readHeaders(head: string): { status: number; headers: Record<string, string> } {
  const [statusLine = "", ...lines] = head.split("\r\n");
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status: Number(statusLine.split(" ")[1]), headers };
}

/** True once the first answer's body is complete by Content-Length or the last chunk. */
function answerComplete(received: Buffer): boolean {
  const split = splitHead(received);
  if (!split) return false;
  const { headers } = readHeaders(split.head);
  if (headers["content-length"] !== undefined) return split.body.length >= Number(headers["content-length"]);
  if (/chunked/i.test(headers["transfer-encoding"] ?? "")) return split.body.includes("0\r\n\r\n");
  return false;
}

function parseAnswer(received: Buffer): RawOutcome {
  const split = splitHead(received);
  if (!split) return { kind: "answer", status: Number.NaN, headers: {}, body: received.toString("utf8") };
  const { status, headers } = readHeaders(split.head);
  let body = split.body;
  if (headers["content-length"] !== undefined) body = body.subarray(0, Number(headers["content-length"]));
  else if (/chunked/i.test(headers["transfer-encoding"] ?? "")) body = dechunk(body);
  return { kind: "answer", status, headers, body: body.toString("utf8") };
}

function dechunk(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  while (at < body.length) {
    const lineEnd = body.indexOf("\r\n", at);
    if (lineEnd < 0) break;
    const size = Number.parseInt(body.subarray(at, lineEnd).toString("latin1"), 16);
    if (!(size > 0)) break;
    parts.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}
