import { Hono, type Context, type MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { bodyTooLarge, parseJsonBody, type Api, type ApiReply } from "../../api.ts";
import { RequestError } from "../../jobs/errors.ts";
import { REQUEST_ID_HEADER, requestIdFrom } from "../../request-id.ts";

/** What the handlers find in the context: the request's id, for the log. */
type ServerEnv = { Variables: { requestId: string } };

/** The HTTP side of the agent: a Hono app that serves the endpoints of src/api.ts. */
export function createServer(api: Api): Hono<ServerEnv> {
  // Not strict: "/status/" is "/status", for marketplaces that join paths loosely.
  const app = new Hono<ServerEnv>({ strict: false });

  // First, so that every answer carries the request's id, the refusals below included.
  app.use(async (c, next) => {
    const requestId = requestIdFrom(c.req.header(REQUEST_ID_HEADER));
    c.set("requestId", requestId);
    c.header(REQUEST_ID_HEADER, requestId);
    await next();
  });

  const limitBody = refuseUnreadableBodies(
    bodyLimit({
      maxSize: api.maxBodyBytes,
      onError: (c: Context<ServerEnv>) => {
        const reply = api.failure(bodyTooLarge(api.maxBodyBytes), c.get("requestId"));
        // The rest of the body is never read, so the connection cannot serve another request.
        return send(c, { ...reply, headers: { ...reply.headers, Connection: "close" } });
      },
    }),
  );
  // Only POST bodies are read. Asking any other request for its body makes @hono/node-server
  // build a whole Web Request: that cost a Node server close to half of its status polls.
  app.use((c, next) => (c.req.method === "POST" ? limitBody(c, next) : next()));

  for (const route of api.routes) {
    app.on(route.method, route.path, async (c) => {
      const body = route.method === "POST" ? parseJsonBody(await readText(c)) : undefined;
      const contentType = c.req.header("content-type");
      return send(c, await route.handle({ query: c.req.query(), contentType, body }));
    });
  }

  app.notFound((c) => send(c, api.notFound(c.req.method, c.req.path, c.get("requestId"))));
  app.onError((error, c) => send(c, api.failure(error, c.get("requestId"))));
  return app;
}

/** A body that breaks off before its end is the client's mistake, not the agent's. */
function unreadableBody(): RequestError {
  return new RequestError("invalid_request", "The request body could not be read to its end");
}

async function readText(c: Context): Promise<string> {
  try {
    return await c.req.text();
  } catch {
    throw unreadableBody();
  }
}

/**
 * bodyLimit reads chunked bodies itself. Errors of the handlers after it never reach this catch
 * (Hono answers them with onError on the way), so what does is a failure to read the body.
 */
function refuseUnreadableBodies(limit: MiddlewareHandler): MiddlewareHandler {
  return async (c, next) => {
    try {
      return await limit(c, next);
    } catch {
      throw unreadableBody();
    }
  };
}

function send(c: Context, reply: ApiReply): Response {
  return c.json(reply.body, reply.status as ContentfulStatusCode, reply.headers);
}
