/**
 * The simulator's control routes (the real services have none), for a simulator running as its own
 * process: `POST /__sim/script {"turns": [...]}` queues turns (all or none: a bad turn is a 400 that
 * names it), `GET /__sim/requests` lists what was received, `POST /__sim/reset` empties both.
 * Answers are `{"queued": n}`, `{"requests": [...]}`, `{"reset": true}`, errors `{"error": "..."}`.
 */
import { TurnError, type TurnQueue } from "./turns.ts";
import type { RecordedModelRequest } from "./types.ts";

export const ADMIN_PREFIX = "/__sim/";

export interface AdminContext {
  turns: TurnQueue;
  requests(): RecordedModelRequest[];
  reset(): void;
}

/** The answer to an admin request: a status and a JSON body. */
export function adminAnswer(
  method: string,
  pathname: string,
  raw: string,
  context: AdminContext,
): { status: number; body: unknown } {
  const route = `${method} ${pathname}`;
  if (route === "GET /__sim/requests") return { status: 200, body: { requests: context.requests() } };
  if (route === "POST /__sim/reset") {
    context.reset();
    return { status: 200, body: { reset: true } };
  }
  if (route === "POST /__sim/script") {
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      return { status: 400, body: { error: 'the body must be JSON: {"turns": [...]}' } };
    }
    const turns = (body as { turns?: unknown } | null)?.turns;
    if (!Array.isArray(turns)) return { status: 400, body: { error: 'the body must be {"turns": [...]}' } };
    try {
      context.turns.push(turns);
    } catch (error) {
      if (error instanceof TurnError) return { status: 400, body: { error: error.message } };
      throw error;
    }
    return { status: 200, body: { queued: context.turns.length } };
  }
  return {
    status: 404,
    body: { error: `no admin route ${route}; there are POST /__sim/script, GET /__sim/requests, POST /__sim/reset` },
  };
}
