import http from "node:http";
import https from "node:https";
import type { Exchange, RecordedRequest, RecordedResponse } from "./types.js";

/** A request as checks describe it: an endpoint path below the base URL, and what to send. */
export interface RequestSpec {
  method: "GET" | "POST";
  /** Path below the base URL, with its leading slash: `/status`. */
  path: string;
  /** An absolute URL to send to instead (a redirect's target); `path` still names the endpoint. */
  url?: string;
  query?: Record<string, string>;
  /** Serialised with JSON.stringify; `null` sends the JSON literal null. */
  json?: unknown;
  /** Sent as is instead of `json`, for bodies that are deliberately not JSON. */
  body?: string;
  /** Defaults to application/json whenever there is a body. */
  contentType?: string;
  timeoutMs?: number;
  /** Bypasses the in-flight limit: only for the concurrency checks, which need a burst. */
  burst?: boolean;
}

export interface TransportOptions {
  baseUrl: string;
  /** Sent with every request (`--header`). */
  headers: Record<string, string>;
  timeoutMs: number;
  /** At most this many requests in flight, except bursts. */
  maxInFlight: number;
}

/** Responses larger than this are cut: no check needs more, and a report must stay printable. */
const MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

/** Waits its turn so that no more than `limit` holders run at once. */
class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly limit: number) {}

  async acquire(): Promise<() => void> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    return () => {
      this.active--;
      this.waiting.shift()?.();
    };
  }
}

/** Errors that mean the connection was lost, not that the server was slow. */
const CONNECTION_ERRORS: ReadonlySet<string> = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ECONNABORTED"]);

type Outcome = { response: RecordedResponse } | { error: string; code?: string; reusedSocket?: boolean };

/**
 * Sends every request of a run with node:http, which sends exactly the bytes it is given (no
 * redirect following, no body rewriting), and keeps the log of all exchanges.
 */
export class Transport {
  readonly log: Exchange[] = [];
  /** The first exchange that lost its connection (refused, reset): perhaps the server stopped. */
  connectionLost: Exchange | undefined;
  private readonly base: string;
  private readonly limiter: Semaphore;
  private nextSeq = 1;
  private readonly agents = {
    "http:": new http.Agent({ keepAlive: true }),
    "https:": new https.Agent({ keepAlive: true }),
  };

  constructor(private readonly options: TransportOptions) {
    this.base = options.baseUrl.replace(/\/+$/, "");
    this.limiter = new Semaphore(options.maxInFlight);
  }

  /** The absolute URL of a path below the base URL (which may carry a path prefix). */
  url(path: string, query?: Record<string, string>): string {
    const search = query ? `?${new URLSearchParams(query).toString()}` : "";
    return `${this.base}${path}${search}`;
  }

  async send(spec: RequestSpec): Promise<Exchange> {
    const release = spec.burst ? () => {} : await this.limiter.acquire();
    try {
      const exchange = await this.exchange(spec);
      this.log.push(exchange);
      return exchange;
    } finally {
      release();
    }
  }

  /** Closes the kept-alive connections, so that nothing holds the process open. */
  close(): void {
    for (const agent of Object.values(this.agents)) agent.destroy();
  }

  private async exchange(spec: RequestSpec): Promise<Exchange> {
    const body = spec.body ?? ("json" in spec ? JSON.stringify(spec.json) : undefined);
    const headers: Record<string, string> = { accept: "application/json", ...this.options.headers };
    if (body !== undefined) headers["content-type"] = spec.contentType ?? "application/json";
    const request: RecordedRequest = { method: spec.method, url: spec.url ?? this.url(spec.path, spec.query), headers };
    if (body !== undefined) request.body = body;
    const seq = this.nextSeq++;
    const started = performance.now();
    const timeoutMs = spec.timeoutMs ?? this.options.timeoutMs;
    const outcome = await this.deliver(request, timeoutMs);
    const exchange: Exchange = {
      seq,
      endpoint: spec.path,
      request,
      ...("response" in outcome ? { response: outcome.response } : { error: outcome.error }),
      durationMs: Math.round(performance.now() - started),
    };
    if ("error" in outcome && outcome.code !== undefined && CONNECTION_ERRORS.has(outcome.code))
      this.connectionLost ??= exchange;
    return exchange;
  }

  /** Whether the server answers at all: one GET /availability, not logged. */
  async answering(): Promise<boolean> {
    const request = { method: "GET", url: this.url("/availability"), headers: { ...this.options.headers } };
    return "response" in (await this.deliver(request, this.options.timeoutMs));
  }

  private async deliver(request: RecordedRequest, timeoutMs: number): Promise<Outcome> {
    const outcome = await this.roundTrip(request, timeoutMs);
    // A kept-alive connection the server closed meanwhile is reset on reuse: that is no answer
    // of the server's, so the request is sent once more on a new connection.
    if ("error" in outcome && outcome.reusedSocket && outcome.code === "ECONNRESET")
      return this.roundTrip(request, timeoutMs);
    return outcome;
  }

  private roundTrip(request: RecordedRequest, timeoutMs: number): Promise<Outcome> {
    const url = new URL(request.url);
    const agent = url.protocol === "https:" ? this.agents["https:"] : this.agents["http:"];
    return new Promise((resolve) => {
      let settled = false;
      const req = (url.protocol === "https:" ? https : http).request(url, {
        method: request.method,
        headers: request.headers,
        agent,
      });
      const timer = setTimeout(() => {
        finish({ error: `no answer within ${timeoutMs} ms` });
        req.destroy();
      }, timeoutMs);
      const finish = (outcome: Outcome) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(outcome);
      };
      req.on("response", (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size <= MAX_RESPONSE_BYTES) chunks.push(chunk);
        });
        // A server may answer before it has read the whole body (a 413, say) and close the
        // connection: what it answered still counts, so a response cut short keeps its bytes.
        const complete = () => finish({ response: recordResponse(res, Buffer.concat(chunks).toString("utf8")) });
        res.on("end", complete);
        res.on("close", complete);
        res.on("error", complete);
      });
      req.on("error", (error: NodeJS.ErrnoException) =>
        finish({
          error: describeError(error, url),
          ...(error.code === undefined ? {} : { code: error.code }),
          reusedSocket: req.reusedSocket,
        }),
      );
      req.end(request.body);
    });
  }
}

function recordResponse(res: http.IncomingMessage, body: string): RecordedResponse {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(res.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return { status: res.statusCode ?? 0, headers, body, json: parseJson(body) };
}

function parseJson(body: string): unknown {
  if (body.trim() === "") return undefined;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

function describeError(error: NodeJS.ErrnoException, url: URL): string {
  switch (error.code) {
    case "ECONNREFUSED":
      return `connection refused by ${url.host}`;
    case "ENOTFOUND":
      return `host ${url.hostname} not found`;
    case "ECONNRESET":
    case "EPIPE":
      return "the server closed the connection without answering";
    default:
      return error.message;
  }
}

/** Sends through a transport and keeps the exchanges it made: one per check or shared fact. */
export class Recorder {
  readonly exchanges: Exchange[] = [];
  constructor(private readonly transport: Transport) {}

  async send(spec: RequestSpec): Promise<Exchange> {
    const exchange = await this.transport.send(spec);
    this.exchanges.push(exchange);
    return exchange;
  }
}
