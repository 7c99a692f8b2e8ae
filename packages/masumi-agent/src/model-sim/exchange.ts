/**
 * One request's answer channel: a JSON answer or a server-sent-event stream, and a signal that
 * fires when the client goes away before the answer is complete (so slow answers stop waiting).
 */
import type { ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { sendJson } from "../payment-sim/http-io.ts";

export class Exchange {
  readonly #response: ServerResponse;
  readonly #aborts = new AbortController();
  readonly #headers: Record<string, string>;
  #status: number | null = null;

  /** `headers` go on every answer (the request id header). */
  constructor(response: ServerResponse, headers: Record<string, string>) {
    this.#response = response;
    this.#headers = headers;
    response.on("close", () => {
      if (!response.writableFinished) this.#aborts.abort();
    });
  }

  get signal(): AbortSignal {
    return this.#aborts.signal;
  }

  /** The status sent, or null before anything was sent. */
  get status(): number | null {
    return this.#status;
  }

  /** Waits `ms`; false when the client went away meanwhile (then nothing more is sent). */
  async wait(ms: number): Promise<boolean> {
    if (ms > 0) await sleep(ms, undefined, { signal: this.signal }).catch(() => {});
    return !this.signal.aborted;
  }

  json(status: number, payload: unknown): void {
    if (this.signal.aborted) return;
    this.#status = status;
    sendJson(this.#response, status, payload, this.#headers);
  }

  /** Starts a 200 event stream. */
  openStream(): void {
    this.#status = 200;
    this.#response.writeHead(200, {
      ...this.#headers,
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache",
      connection: "keep-alive",
    });
    this.#response.flushHeaders();
  }

  /** One event: `event: <name>` when named (Anthropic, Responses API), then the `data:` line. */
  event(data: unknown, name?: string): void {
    if (this.signal.aborted) return;
    const text = typeof data === "string" ? data : JSON.stringify(data);
    this.#response.write(`${name === undefined ? "" : `event: ${name}\n`}data: ${text}\n\n`);
  }

  endStream(): void {
    if (!this.signal.aborted) this.#response.end();
  }
}

/** Ids shaped like the provider's (`chatcmpl-…`, `call_…`, `msg_…`, `toolu_…`), unique per simulator. */
export class IdMaker {
  #next = 1;
  make(prefix: string): string {
    return `${prefix}sim${(this.#next++).toString().padStart(6, "0")}`;
  }
}

/** A rough token count (about four characters a token), for `usage`. */
export function tokenEstimate(value: unknown): number {
  const text = typeof value === "string" ? value : JSON.stringify(value ?? "");
  return Math.max(1, Math.ceil(text.length / 4));
}

/** Text cut into word-sized pieces, the way streamed deltas arrive. */
export function textPieces(text: string): string[] {
  return text.match(/\s*\S+\s*/g) ?? [text];
}

/** A JSON string cut into a few fragments, the way streamed tool-call arguments arrive. */
export function jsonFragments(json: string): string[] {
  const size = Math.max(1, Math.ceil(json.length / 3));
  const fragments: string[] = [];
  for (let start = 0; start < json.length; start += size) fragments.push(json.slice(start, start + size));
  return fragments.length === 0 ? [""] : fragments;
}
