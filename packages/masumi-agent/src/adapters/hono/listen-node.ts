import type { Server } from "node:http";
import type { FetchApp, ListenOptions, Listening } from "../../listening.ts";
import { requestTimeoutOptions, serveNodeHttp } from "../../node-http.ts";

/**
 * Serves the app with node:http: on Node, and on Deno too, whose own Deno.serve never ends a
 * request whose headers stall. On Bun, listenBun (src/http/bun/listen.ts) serves instead.
 */
export async function listen(app: FetchApp, options: ListenOptions): Promise<Listening> {
  // Loaded here, so that a Bun project, which never calls this, need not install it.
  const { createAdaptorServer } = await import("@hono/node-server");
  // Without createServer in its options the adaptor makes a node:http server.
  const server = createAdaptorServer({
    fetch: (request) => app.fetch(request),
    serverOptions: requestTimeoutOptions(options.requestTimeoutMs),
  }) as Server;
  return serveNodeHttp(server, options);
}
