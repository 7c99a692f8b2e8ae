import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Express } from "express";
import type { Listening, ListenOptions } from "./listening.ts";
import { requestTimeoutOptions } from "./request-timeout.ts";

/** Serves the Express app with Node's HTTP server. */
export function listen(app: Express, options: ListenOptions): Promise<Listening> {
  const server = createServer(requestTimeoutOptions(options.requestTimeoutMs), app);
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
