import { RequestError, type ErrorCode } from "./jobs/errors.ts";
import { isPlainObject } from "./jobs/input-data.ts";
import type { JobService } from "./jobs/service.ts";
import { servedInputSchema } from "./jobs/served-schema.ts";
import { shownStatusId } from "./jobs/status-id.ts";
import type { Agent, Job } from "./jobs/types.ts";
import type { Logger } from "./log.ts";
import type { PaymentProvider } from "./payment/payment.ts";
import { deepFreeze } from "./store/shared-jobs.ts";
import { StoreUnavailableError } from "./store/store.ts";

/**
 * The endpoints of the Agentic Service API (MIP-003, and the first version's fields), as plain
 * functions from request to JSON reply. src/server.ts only connects them to an HTTP framework.
 */

export interface ApiRequest {
  /** One string per query parameter, the first when a name repeats. */
  query: Readonly<Record<string, string | undefined>>;
  /** The Content-Type header; a POST body counts only when it says application/json. */
  contentType: string | undefined;
  /** The JSON body of a POST, parsed; undefined when there is none or it is not JSON. */
  body: unknown;
}

export interface ApiReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface Route {
  method: "GET" | "POST";
  path: string;
  handle(request: ApiRequest): Promise<ApiReply>;
}

export interface Api {
  readonly routes: readonly Route[];
  /** Bodies larger than this (MAX_BODY_BYTES) are refused with 413 as they are read. */
  readonly maxBodyBytes: number;
  /** The reply for a path no route has: 404, or 405 when only the method is wrong. */
  notFound(method: string, path: string, requestId: string): ApiReply;
  /**
   * The JSON reply for any error: a refusal with its status, anything else a bare 500. Each is
   * logged with the request's id (see src/request-id.ts): refusals as info, failures as errors.
   */
  failure(error: unknown, requestId: string): ApiReply;
}

export interface ApiOptions {
  service: JobService;
  agent: Agent;
  payment: PaymentProvider;
  log: Logger;
  maxBodyBytes: number;
  startedAt?: number;
}

const HTTP_STATUS: Record<ErrorCode, number> = {
  invalid_json: 400,
  invalid_request: 400,
  invalid_identifier: 400,
  invalid_input: 400,
  job_not_found: 404,
  not_awaiting_input: 409,
  stale_status: 409,
  not_found: 404,
  method_not_allowed: 405,
  request_timeout: 408,
  payload_too_large: 413,
  headers_too_large: 431,
  unsupported_media_type: 415,
  unavailable: 503,
  payment_rejected: 400,
  payment_service_error: 502,
  payment_unavailable: 503,
  internal_error: 500,
};

export function createApi(options: ApiOptions): Api {
  const { service, agent, payment, log } = options;
  const startedAt = options.startedAt ?? Date.now();

  const routes: Route[] = [
    {
      method: "POST",
      path: "/start_job",
      handle: async (apiRequest) => {
        const request = objectBody(apiRequest);
        const job = await service.startJob({
          identifierFromPurchaser: request.identifier_from_purchaser,
          inputData: request.input_data,
        });
        return ok(startJobReply(job));
      },
    },
    {
      method: "GET",
      path: "/status",
      handle: async ({ query }) => ok(statusReplyOf(await service.peekJob(query.job_id))),
    },
    {
      method: "POST",
      path: "/provide_input",
      handle: async (apiRequest) => {
        const request = objectBody(apiRequest);
        const receipt = await service.provideInput({
          jobId: request.job_id,
          inputSchemaHash: request.input_schema_hash,
          statusId: request.status_id,
          inputData: request.input_data,
        });
        return ok({ input_hash: receipt.inputHash, signature: receipt.signature });
      },
    },
    {
      method: "GET",
      path: "/availability",
      handle: async () => {
        const available = service.accepting && service.storeReachable;
        return {
          status: available ? 200 : 503,
          body: {
            status: available ? "available" : "unavailable",
            type: "masumi-agent",
            uptime: Math.floor((Date.now() - startedAt) / 1000),
            message: available
              ? `Ready to accept jobs; ${payment.description}`
              : service.accepting
                ? "The job store is unavailable; retry later"
                : "The agent is shutting down",
            ...(payment.agentIdentifier ? { agentIdentifier: payment.agentIdentifier } : {}),
          },
        };
      },
    },
    {
      method: "GET",
      path: "/input_schema",
      handle: async () => ok(agent.inputSchema),
    },
    {
      method: "GET",
      path: "/demo",
      handle: async () => {
        if (!agent.demo) throw new RequestError("not_found", "This agent has no demo");
        // Sokosumi reads the output with its /status schema, which wants the status too.
        const output = { status: "completed", ...agent.demo.output };
        return ok({ input: agent.demo.input, output });
      },
    },
  ];

  /** The reply to a request the agent will not or cannot serve, and its line in the log. */
  const refusal = (error: RequestError, requestId: string): ApiReply => {
    const reply = errorReply(error);
    const requestLog = log.child({ requestId, status: reply.status, error: error.code });
    if (reply.status < 500) requestLog.info(`Request refused: ${error.message}`);
    else requestLog.error(`Request failed: ${error.message}`);
    return reply;
  };

  return {
    routes,
    maxBodyBytes: options.maxBodyBytes,
    notFound(method, path, requestId) {
      const normalized = path.length > 1 ? path.replace(/\/+$/, "") : path;
      const allowed = routes.filter((route) => route.path === normalized).map((r) => r.method);
      if (allowed.length > 0) {
        const reply = refusal(
          new RequestError("method_not_allowed", `${normalized} accepts ${allowed.join(", ")}`),
          requestId,
        );
        return { ...reply, headers: { Allow: allowed.join(", ") } };
      }
      const notFound = new RequestError("not_found", `There is no endpoint ${method} ${path}`);
      return refusal(notFound, requestId);
    },
    failure(error, requestId) {
      if (error instanceof RequestError) return refusal(error, requestId);
      const requestLog = log.child({ requestId });
      if (error instanceof StoreUnavailableError) {
        requestLog.error(`Request failed: ${error.message}`);
        return errorReply(new RequestError("unavailable", "The job store is unavailable; retry"));
      }
      requestLog.error("Request failed", error);
      return errorReply(
        new RequestError("internal_error", "The agent could not handle this request"),
      );
    },
  };
}

function ok(body: unknown): ApiReply {
  return { status: 200, body };
}

/** The JSON of every refusal, those of the HTTP server before the app sees a request too. */
export function errorReply(error: RequestError): ApiReply {
  return {
    status: HTTP_STATUS[error.code],
    body: {
      error: error.code,
      message: error.message,
      ...(error.details ? { details: error.details } : {}),
    },
  };
}

/** Reads a query string into ApiRequest.query, for frameworks whose own parser makes lists. */
export function parseQuery(search: string): Record<string, string> {
  const values = new Map<string, string>();
  for (const [name, value] of new URLSearchParams(search)) {
    if (!values.has(name)) values.set(name, value);
  }
  return Object.fromEntries(values);
}

/** Parses a raw request body for frameworks that hand it over as text. */
export function parseJsonBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Why a POST body is refused: not declared as JSON, not JSON at all, or JSON of another type.
 * Frameworks that parse and check bodies themselves answer their refusals with this too.
 */
export function bodyRefusal({
  contentType,
  body,
}: Pick<ApiRequest, "contentType" | "body">): RequestError {
  if (!isJsonContentType(contentType)) {
    return new RequestError(
      "unsupported_media_type",
      "The request body must be sent as Content-Type: application/json",
    );
  }
  return body === undefined
    ? new RequestError("invalid_json", "The request body must be valid JSON")
    : new RequestError("invalid_request", "The request body must be a JSON object");
}

/** application/json, in any case, with or without parameters such as charset. */
function isJsonContentType(contentType: string | undefined): boolean {
  return contentType?.split(";", 1)[0]?.trim().toLowerCase() === "application/json";
}

/** Refused when the body is larger than Api.maxBodyBytes, which each framework checks as it reads. */
export function bodyTooLarge(maxBodyBytes: number): RequestError {
  return new RequestError(
    "payload_too_large",
    `The request body is larger than ${maxBodyBytes} bytes`,
  );
}

/** Refused when a request's headers or body do not arrive within REQUEST_TIMEOUT_MS. */
export function requestTimedOut(): RequestError {
  return new RequestError("request_timeout", "The request did not arrive in time");
}

function objectBody(request: ApiRequest): Record<string, unknown> {
  if (isJsonContentType(request.contentType) && isPlainObject(request.body)) return request.body;
  throw bodyRefusal(request);
}

/**
 * Every field of current MIP-003 plus the first version's job_id and payment_id. A free job has
 * no payment fields; as the first version requires a payment_id, it gets "free_<job id>". The
 * input hash comes as input_hash (what Sokosumi requires) and inputHash (what the official
 * Python SDK answers), and the payment source fields only for payments that have them.
 */
export function startJobReply(job: Job): Record<string, unknown> {
  const { payment } = job;
  const paymentFields = payment
    ? {
        blockchainIdentifier: payment.blockchainIdentifier,
        payment_id: payment.blockchainIdentifier,
        payByTime: payment.payByTime,
        submitResultTime: payment.submitResultTime,
        unlockTime: payment.unlockTime,
        externalDisputeUnlockTime: payment.externalDisputeUnlockTime,
        agentIdentifier: payment.agentIdentifier,
        sellerVKey: payment.sellerVKey,
        ...(payment.paymentSourceType !== undefined
          ? { paymentSourceType: payment.paymentSourceType }
          : {}),
        ...(payment.supportedPaymentSourceIndex !== undefined
          ? { supportedPaymentSourceIndex: payment.supportedPaymentSourceIndex }
          : {}),
      }
    : { payment_id: `free_${job.id}` };
  return {
    id: job.id,
    job_id: job.id,
    status: job.status,
    ...paymentFields,
    identifierFromPurchaser: job.identifierFromPurchaser,
    input_hash: job.inputHash,
    inputHash: job.inputHash,
  };
}

/**
 * The /status answer of each job object peeked at, frozen. A store answers the same object while
 * the job is unchanged (see JobStore.peek), so a poll of an unchanged job skips making it anew.
 */
const statusReplies = new WeakMap<Readonly<Job>, Readonly<Record<string, unknown>>>();

function statusReplyOf(job: Readonly<Job>): Readonly<Record<string, unknown>> {
  let reply = statusReplies.get(job);
  if (!reply) {
    reply = deepFreeze(statusReply(job));
    statusReplies.set(job, reply);
  }
  return reply;
}

/** Made of what is stored of the job alone: it stays the same until the job changes. */
function statusReply(job: Readonly<Job>): Record<string, unknown> {
  const reply: Record<string, unknown> = {
    id: shownStatusId(job),
    job_id: job.id,
    status: job.status,
  };
  if (job.message !== null) reply.message = job.message;
  if (job.status === "awaiting_input" && job.inputRequest) {
    reply.input_schema = servedInputSchema(job.inputRequest);
  }
  if (job.status === "completed") reply.result = job.result;
  return reply;
}
