import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createAdaptorServer } from "@hono/node-server";
import type { FetchApp, ListenOptions, Listening } from "./listening.ts";
import { requestTimeoutOptions } from "./request-timeout.ts";

/** Serves the app with Node's HTTP server. */
export function listen(app: FetchApp, options: ListenOptions): Promise<Listening> {
  // Without createServer in its options the adaptor makes a node:http server.
  const server = createAdaptorServer({
    fetch: (request) => app.fetch(request),
    serverOptions: requestTimeoutOptions(options.requestTimeoutMs),
  }) as Server;
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      const { port } = server.address() as AddressInfo;
      resolve({ port, close: () => close(server) });
    });
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    // Idle keep-alive connections would hold close() open.
    server.closeIdleConnections();
  });
}
