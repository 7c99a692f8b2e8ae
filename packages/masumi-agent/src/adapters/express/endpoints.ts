import express, {
  Router,
  type ErrorRequestHandler,
  type Request,
  type RequestHandler,
  type Response,
} from "express";
import { bodyTooLarge, parseJsonBody, parseQuery, type ApiReply, type Route } from "../../api.ts";
import type { AgentApp } from "../../app.ts";
import { RequestError } from "../../jobs/errors.ts";
import { REQUEST_ID_HEADER, requestIdFrom } from "../../request-id.ts";
import { ENDPOINTS, ENDPOINT_NAMES, routeOf, searchOf, type EndpointName } from "../endpoints.ts";

/** The six endpoints as Express handlers, and the middleware of what no endpoint answers. */
export type ExpressEndpoints = Record<EndpointName, RequestHandler> & {
  /** After the routes (app.use): 404, or 405 with Allow when only the method is wrong. */
  notFound: RequestHandler;
  /** Last (app.use): a refusal as its JSON, anything else a bare 500. */
  onError: ErrorRequestHandler;
};

/**
 * The endpoints of an agent as Express handlers. Each one reads its own body (at most
 * MAX_BODY_BYTES, as text whatever its Content-Type: src/api.ts judges both) and its own query,
 * so the app's body parsers and settings do not matter; every answer carries X-Request-Id.
 */
export function masumiEndpoints(agent: AgentApp): ExpressEndpoints {
  const { api } = agent;
  const readBody = express.text({ type: () => true, limit: api.maxBodyBytes });
  const answer = async (route: Route, req: Request, res: Response, body: unknown) => {
    const query = parseQuery(searchOf(req.originalUrl));
    send(res, await route.handle({ query, contentType: req.get("content-type"), body }));
  };
  const handler = (route: Route): RequestHandler => {
    if (route.method === "GET") return (req, res) => answer(route, req, res, undefined);
    return (req, res, next) => {
      readBody(req, res, (error?: unknown) => {
        if (error) return next(error);
        // The text read here; or what the app's own parser (express.json, say) read before, as
        // express.text leaves a body alone once it has been read. Undefined without any body.
        const read: unknown = req.body;
        const body = typeof read === "string" ? parseJsonBody(read) : read;
        answer(route, req, res, body).catch(next);
      });
    };
  };
  const handlers = Object.fromEntries(
    ENDPOINT_NAMES.map((name) => [name, handler(routeOf(api, name))]),
  ) as Record<EndpointName, RequestHandler>;
  return {
    ...handlers,
    notFound: (req, res) => send(res, api.notFound(req.method, req.path, requestIdOf(res))),
    // Four parameters make this Express's error handler, which rejected async handlers reach too.
    onError: (error, _req, res, _next) => {
      send(res, api.failure(fromBodyParser(error, api.maxBodyBytes), requestIdOf(res)));
    },
  };
}

/**
 * The six endpoints as an Express Router to mount into an existing app: `app.use(masumi(agent))`.
 * A wrong method on their paths is answered 405 here; every other path stays the app's.
 */
export function masumi(agent: AgentApp): Router {
  const endpoints = masumiEndpoints(agent);
  // Paths match exactly as written ("/Status" is not /status); a trailing slash is allowed.
  const router = Router({ caseSensitive: true });
  for (const name of ENDPOINT_NAMES) {
    const route = routeOf(agent.api, name);
    const path = ENDPOINTS[name];
    if (route.method === "GET") router.get(path, endpoints[name]);
    else router.post(path, endpoints[name]);
    // By the endpoint's own path: the router may be mounted under a prefix.
    router.all(path, (req, res) =>
      send(res, agent.api.notFound(req.method, path, requestIdOf(res))),
    );
  }
  router.use(endpoints.onError);
  return router;
}

/** The shape of the errors express.text raises when it cannot read a body. */
interface BodyParserError {
  type: string;
  status: number;
  expose: boolean;
  message: string;
}

function isBodyParserError(error: unknown): error is BodyParserError {
  return error instanceof Error && "type" in error && "status" in error && "expose" in error;
}

/** A body that cannot be read is the client's mistake; anything else goes to api.failure. */
function fromBodyParser(error: unknown, maxBodyBytes: number): unknown {
  if (!isBodyParserError(error)) return error;
  if (error.type === "entity.too.large") return bodyTooLarge(maxBodyBytes);
  if (error.expose && error.status < 500) return new RequestError("invalid_request", error.message);
  return error;
}

/** The request's id: the caller's X-Request-Id when it is sane, else a new one, kept for the log. */
function requestIdOf(res: Response): string {
  const known: unknown = res.locals.requestId;
  if (typeof known === "string") return known;
  const requestId = requestIdFrom(res.req.get(REQUEST_ID_HEADER));
  res.locals.requestId = requestId;
  return requestId;
}

/**
 * Sent as JSON without res.json, whose ETag (from the app's settings) would let a poll of
 * /status get a 304: polled replies change with every status.
 */
function send(res: Response, reply: ApiReply): void {
  res
    .status(reply.status)
    .set(reply.headers ?? {})
    .set(REQUEST_ID_HEADER, requestIdOf(res))
    .type("application/json; charset=utf-8")
    .end(JSON.stringify(reply.body));
}
