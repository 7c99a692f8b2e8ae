import { Hono, type Context, type ErrorHandler, type Handler, type NotFoundHandler } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { parseJsonBody, type ApiReply, type Route } from "../../api.ts";
import type { AgentApp } from "../../app.ts";
import { RequestError } from "../../jobs/errors.ts";
import { REQUEST_ID_HEADER, requestIdFrom } from "../../request-id.ts";
import { ENDPOINTS, ENDPOINT_NAMES, routeOf, type EndpointName } from "../endpoints.ts";
import { readBody } from "./body.ts";

/** The six endpoints as Hono handlers, and the handlers of what no endpoint answers. */
export type HonoEndpoints = Record<EndpointName, Handler> & {
  /** For app.notFound: 404, or 405 with Allow when only the method is wrong. */
  notFound: NotFoundHandler;
  /** For app.onError: a refusal as its JSON, anything else a bare 500. */
  onError: ErrorHandler;
};

/**
 * The endpoints of an agent as Hono handlers. Each one reads its own body (at most
 * MAX_BODY_BYTES, as JSON whatever its Content-Type: src/api.ts judges both) and every answer,
 * refusals included, carries the request's X-Request-Id.
 */
export function masumiEndpoints(agent: AgentApp): HonoEndpoints {
  const { api } = agent;
  const handler = (route: Route): Handler => {
    return async (c) => {
      // Only POST bodies are read. Asking any other request for its body makes
      // @hono/node-server build a whole Web Request: that cost a Node server close to half of
      // its status polls.
      const body =
        route.method === "POST"
          ? parseJsonBody(await readBody(c.req.raw, api.maxBodyBytes))
          : undefined;
      const contentType = c.req.header("content-type");
      const reply = await route.handle({ query: c.req.query(), contentType, body });
      return c.req.routeIndex === 0 ? respond(c, reply) : send(c, reply);
    };
  };
  const handlers = Object.fromEntries(
    ENDPOINT_NAMES.map((name) => [name, handler(routeOf(api, name))]),
  ) as Record<EndpointName, Handler>;
  return {
    ...handlers,
    notFound: (c) => send(c, api.notFound(c.req.method, c.req.path, requestIdOf(c))),
    onError: (error, c) => {
      const reply = api.failure(error, requestIdOf(c));
      // The rest of a body too large is never read, so the connection cannot serve another.
      const tooLarge = error instanceof RequestError && error.code === "payload_too_large";
      return send(
        c,
        tooLarge ? { ...reply, headers: { ...reply.headers, Connection: "close" } } : reply,
      );
    },
  };
}

/**
 * The six endpoints as a Hono app to mount into an existing one: `app.route("/", masumi(agent))`.
 * A wrong method on their paths is answered 405 here; every other path stays the app's. Under a
 * prefix too: `app.route("/agent", masumi(agent))`.
 */
export function masumi(agent: AgentApp): Hono {
  const endpoints = masumiEndpoints(agent);
  const app = new Hono({ strict: false });
  for (const name of ENDPOINT_NAMES) {
    const route = routeOf(agent.api, name);
    app.on(route.method, ENDPOINTS[name], endpoints[name]);
    // By the endpoint's own path: the app may be mounted under a prefix.
    app.all(ENDPOINTS[name], (c) => {
      return send(c, agent.api.notFound(c.req.method, ENDPOINTS[name], requestIdOf(c)));
    });
  }
  app.onError(endpoints.onError);
  return app;
}

/** The request's id: the caller's X-Request-Id when it is sane, else a new one, kept for the log. */
function requestIdOf(c: Context): string {
  const known: unknown = c.get("requestId");
  if (typeof known === "string") return known;
  const requestId = requestIdFrom(c.req.header(REQUEST_ID_HEADER));
  c.set("requestId", requestId);
  return requestId;
}

function send(c: Context, reply: ApiReply): Response {
  return c.json(reply.body, reply.status as ContentfulStatusCode, headersOf(c, reply));
}

/**
 * The reply as a Response of its own, for an endpoint that no handler ran before. c.json turns
 * more than one header into a Web Headers object, which @hono/node-server turns back into Node's:
 * that pair cost a Node server 4-9% of its CPU per status poll. Plain headers skip both. Hono
 * adds the headers a middleware set with c.header() before next() only to the responses it makes
 * itself, which is why an endpoint behind a middleware (routeIndex > 0) answers through `send`.
 */
function respond(c: Context, reply: ApiReply): Response {
  return new Response(JSON.stringify(reply.body), {
    status: reply.status,
    headers: { "Content-Type": "application/json", ...headersOf(c, reply) },
  });
}

function headersOf(c: Context, reply: ApiReply): Record<string, string> {
  return { ...reply.headers, [REQUEST_ID_HEADER]: requestIdOf(c) };
}
