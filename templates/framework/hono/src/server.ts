import { Hono, type Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { MAX_BODY_BYTES, type Api, type ApiReply } from "./api.ts";
import { RequestError } from "./jobs/errors.ts";

/** The HTTP side of the agent: a Hono app that serves the endpoints of src/api.ts. */
export function createServer(api: Api): Hono {
  // Not strict: "/status/" is "/status", for marketplaces that join paths loosely.
  const app = new Hono({ strict: false });

  app.use(
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) => {
        const message = `The request body is larger than ${MAX_BODY_BYTES} bytes`;
        const reply = api.failure(new RequestError("payload_too_large", message));
        // The rest of the body is never read, so the connection cannot serve another request.
        return send(c, { ...reply, headers: { ...reply.headers, Connection: "close" } });
      },
    }),
  );

  for (const route of api.routes) {
    app.on(route.method, route.path, async (c) => {
      const body = route.method === "POST" ? await c.req.text() : "";
      return send(c, await route.handle({ query: c.req.query(), body }));
    });
  }

  app.notFound((c) => send(c, api.notFound(c.req.method, c.req.path)));
  app.onError((error, c) => send(c, api.failure(error)));
  return app;
}

function send(c: Context, reply: ApiReply): Response {
  return c.json(reply.body, reply.status as ContentfulStatusCode, reply.headers);
}
