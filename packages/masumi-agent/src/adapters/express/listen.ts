import { createServer } from "node:http";
import type { Express } from "express";
import type { Listening, ListenOptions } from "../../listening.ts";
import { requestTimeoutOptions, serveNodeHttp } from "../../node-http.ts";

/** Serves the Express app with Node's HTTP server. */
export function listen(app: Express, options: ListenOptions): Promise<Listening> {
  const server = createServer(requestTimeoutOptions(options.requestTimeoutMs), app);
  return serveNodeHttp(server, options);
}
