import type { Server } from "node:http";
import type { AgentApp } from "../../app.ts";
import { listen as listenBun } from "../../http/bun/listen.ts";
import type { FetchApp, ListenOptions, Listening } from "../../listening.ts";
import { requestTimeoutOptions, serveNodeHttp } from "../../node-http.ts";
import type { Serve } from "../../start.ts";

/**
 * Serves the Hono app that `createServer` makes: with Bun.serve on Bun, with node:http on Node,
 * and on Deno too, whose own Deno.serve never ends a request whose headers stall.
 */
export function serve(createServer: (agent: AgentApp) => FetchApp): Serve {
  return (agent, options) => {
    const app = createServer(agent);
    return process.versions.bun ? listenBun(app, options) : listenNode(app, options);
  };
}

async function listenNode(app: FetchApp, options: ListenOptions): Promise<Listening> {
  // Loaded here, so that a Bun project, which never calls this, need not install it.
  const { createAdaptorServer } = await import("@hono/node-server");
  // Without createServer in its options the adaptor makes a node:http server.
  const server = createAdaptorServer({
    fetch: (request) => app.fetch(request),
    serverOptions: requestTimeoutOptions(options.requestTimeoutMs),
  }) as Server;
  return serveNodeHttp(server, options);
}
