import express, { type ErrorRequestHandler, type Express, type Response } from "express";
import {
  bodyTooLarge,
  parseJsonBody,
  parseQuery,
  type Api,
  type ApiReply,
  type ApiRequest,
} from "../../api.ts";
import { RequestError } from "../../jobs/errors.ts";
import { REQUEST_ID_HEADER, requestIdFrom } from "../../request-id.ts";

/** The HTTP side of the agent: an Express app that serves the endpoints of src/api.ts. */
export function createServer(api: Api): Express {
  const app = express();
  app.disable("x-powered-by");
  // Paths match exactly as written ("/Status" is unknown); a trailing slash is still allowed.
  app.set("case sensitive routing", true);
  // Polled replies change with every status, so no ETags and no 304s.
  app.set("etag", false);
  app.set("query parser", parseQuery);

  // First, so that every answer carries the request's id, the refusals below included.
  app.use((req, res, next) => {
    res.locals.requestId = requestIdFrom(req.get(REQUEST_ID_HEADER));
    res.set(REQUEST_ID_HEADER, res.locals.requestId);
    next();
  });

  // Every POST body is read as text, whatever its Content-Type: src/api.ts judges both.
  const readBody = express.text({ type: () => true, limit: api.maxBodyBytes });

  for (const route of api.routes) {
    if (route.method === "GET") {
      app.get(route.path, async (req, res) => {
        const query = req.query as ApiRequest["query"];
        const contentType = req.get("content-type");
        send(res, await route.handle({ query, contentType, body: undefined }));
      });
    } else {
      app.post(route.path, readBody, async (req, res) => {
        // express.text leaves req.body undefined when the request has no body at all.
        const body = parseJsonBody(typeof req.body === "string" ? req.body : "");
        const query = req.query as ApiRequest["query"];
        const contentType = req.get("content-type");
        send(res, await route.handle({ query, contentType, body }));
      });
    }
  }

  app.use((req, res) => send(res, api.notFound(req.method, req.path, res.locals.requestId)));
  // Four parameters make this Express's error handler, which rejected async handlers reach too.
  app.use(((error, _req, res, _next) => {
    send(res, api.failure(fromBodyParser(error, api.maxBodyBytes), res.locals.requestId));
  }) satisfies ErrorRequestHandler);
  return app;
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

function send(res: Response, reply: ApiReply): void {
  res
    .status(reply.status)
    .set(reply.headers ?? {})
    .json(reply.body);
}
