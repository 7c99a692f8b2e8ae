import { randomUUID } from "node:crypto";

/**
 * Every request has an id, sent back in this header and logged with each line about the request,
 * so that a caller's report and the agent's log meet. src/server.ts sets it on every answer.
 */
export const REQUEST_ID_HEADER = "x-request-id";

/** Printable ASCII without spaces, at most 128 characters: UUIDs and the ids proxies make. */
const SANE_ID = /^[!-~]{1,128}$/;

/** The caller's X-Request-Id when it is sane, so that its id follows the request; else a new one. */
export function requestIdFrom(header: string | string[] | undefined): string {
  return typeof header === "string" && SANE_ID.test(header) ? header : randomUUID();
}
