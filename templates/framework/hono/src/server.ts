import { Hono, type Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { bodyTooLarge, MAX_BODY_BYTES, parseJsonBody, type Api, type ApiReply } from "./api.ts";

/** The HTTP side of the agent: a Hono app that serves the endpoints of src/api.ts. */
export function createServer(api: Api): Hono {
  // Not strict: "/status/" is "/status", for marketplaces that join paths loosely.
  const app = new Hono({ strict: false });

  app.use(
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) => {
        const reply = api.failure(bodyTooLarge());
        // The rest of the body is never read, so the connection cannot serve another request.
        return send(c, { ...reply, headers: { ...reply.headers, Connection: "close" } });
      },
    }),
  );

  for (const route of api.routes) {
    app.on(route.method, route.path, async (c) => {
      const body = route.method === "POST" ? parseJsonBody(await c.req.text()) : undefined;
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
