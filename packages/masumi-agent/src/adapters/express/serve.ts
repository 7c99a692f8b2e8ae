import { createServer as createNodeServer } from "node:http";
import type { Express } from "express";
import type { AgentApp } from "../../app.ts";
import { requestTimeoutOptions, serveNodeHttp } from "../../node-http.ts";
import type { Serve } from "../../start.ts";

/** Serves the Express app that `createServer` makes with Node's HTTP server, on every runtime. */
export function serve(createServer: (agent: AgentApp) => Express): Serve {
  return (agent, options) => {
    const server = createNodeServer(
      requestTimeoutOptions(options.requestTimeoutMs),
      createServer(agent),
    );
    return serveNodeHttp(server, options);
  };
}
