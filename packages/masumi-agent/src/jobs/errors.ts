import type { FieldProblem } from "./validate.ts";

/** The `error` codes this server answers with; src/api.ts maps each to an HTTP status. */
export type ErrorCode =
  | "invalid_json"
  | "invalid_request"
  | "invalid_identifier"
  | "invalid_input"
  | "job_not_found"
  | "not_awaiting_input"
  | "stale_status"
  | "not_found"
  | "method_not_allowed"
  | "request_timeout"
  | "payload_too_large"
  | "headers_too_large"
  | "unsupported_media_type"
  | "unavailable"
  | "payment_rejected"
  | "payment_service_error"
  | "payment_unavailable"
  | "internal_error";

/** A request the agent refuses, with a message meant for the client. */
export class RequestError extends Error {
  readonly code: ErrorCode;
  readonly details: FieldProblem[] | undefined;

  constructor(code: ErrorCode, message: string, details?: FieldProblem[]) {
    super(message);
    this.name = "RequestError";
    this.code = code;
    this.details = details;
  }
}
