import type { Server } from "node:http";
import { createAdaptorServer } from "@hono/node-server";
import type { FetchApp, ListenOptions, Listening } from "../../listening.ts";
import { requestTimeoutOptions, serveNodeHttp } from "../../node-http.ts";

/**
 * Serves the app with node:http: on Node, and on Deno too, whose own Deno.serve never ends a
 * request whose headers stall. Bun's listen.ts and those of Express and Fastify replace this one.
 */
export function listen(app: FetchApp, options: ListenOptions): Promise<Listening> {
  // Without createServer in its options the adaptor makes a node:http server.
  const server = createAdaptorServer({
    fetch: (request) => app.fetch(request),
    serverOptions: requestTimeoutOptions(options.requestTimeoutMs),
  }) as Server;
  return serveNodeHttp(server, options);
}
