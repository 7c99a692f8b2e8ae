import { randomBytes } from "node:crypto";
import { bodyObject, is2xx, nonEmptyString } from "./exchange.js";
import type { Recorder, RequestSpec } from "./http.js";
import type { Exchange } from "./types.js";

/** A job start as sent and answered. */
export interface Started {
  /** The identifier_from_purchaser sent; undefined when the start deliberately left it out. */
  identifier: string | undefined;
  input: unknown;
  exchange: Exchange;
  accepted: boolean;
  body: Record<string, unknown> | undefined;
  /** `id`, or `job_id` (which Sokosumi accepts in its place). */
  jobId: string | undefined;
}

/** One answer of /status, with the fields every status check reads. */
export interface StatusRead {
  exchange: Exchange;
  body: Record<string, unknown> | undefined;
  status: string | undefined;
  statusId: string | undefined;
}

/**
 * A purchaser identifier as the payment service wants it: 16 hex characters, new each time. The
 * first is a letter, so that a server that changes the identifier's case always shows it.
 */
export function newIdentifier(): string {
  const hex = randomBytes(8).toString("hex");
  return `${"abcdef"[parseInt(hex[0]!, 16) % 6]}${hex.slice(1)}`;
}

/** The endpoints of the protocol as requests through one recorder. */
export class Client {
  constructor(readonly recorder: Recorder) {}

  send(spec: RequestSpec): Promise<Exchange> {
    return this.recorder.send(spec);
  }

  get(path: string, query?: Record<string, string>): Promise<Exchange> {
    return this.send(query ? { method: "GET", path, query } : { method: "GET", path });
  }

  post(path: string, json: unknown, burst = false): Promise<Exchange> {
    return this.send({ method: "POST", path, json, burst });
  }

  /** POST /start_job with `input_data`, and `identifier_from_purchaser` unless it is undefined. */
  async start(input: unknown, identifier: string | undefined, burst = false): Promise<Started> {
    const body =
      identifier === undefined ? { input_data: input } : { identifier_from_purchaser: identifier, input_data: input };
    const exchange = await this.post("/start_job", body, burst);
    const answer = bodyObject(exchange);
    const id = answer?.id ?? answer?.job_id;
    return {
      identifier,
      input,
      exchange,
      accepted: is2xx(exchange),
      body: answer,
      jobId: nonEmptyString(id) ? id : undefined,
    };
  }

  async status(jobId: string, burst = false): Promise<StatusRead> {
    const exchange = await this.send({ method: "GET", path: "/status", query: { job_id: jobId }, burst });
    return readStatus(exchange);
  }
}

export function readStatus(exchange: Exchange): StatusRead {
  const body = is2xx(exchange) ? bodyObject(exchange) : undefined;
  return {
    exchange,
    body,
    status: typeof body?.status === "string" ? body.status : undefined,
    statusId: nonEmptyString(body?.id) ? body.id : undefined,
  };
}
