import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createAdaptorServer } from "@hono/node-server";

/** Anything that answers a Web-standard Request, such as a Hono app. */
export interface FetchApp {
  fetch(request: Request): Response | Promise<Response>;
}

export interface ListenOptions {
  port: number;
  host: string;
}

export interface Listening {
  /** The port in use: the one asked for, or the one the system chose for port 0. */
  readonly port: number;
  /** Stops accepting connections and resolves when the open ones are done. */
  close(): Promise<void>;
}

/** Serves the app with Node's HTTP server. */
export function listen(app: FetchApp, options: ListenOptions): Promise<Listening> {
  // Without server options the adaptor creates a plain node:http server.
  const server = createAdaptorServer({ fetch: (request) => app.fetch(request) }) as Server;
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
