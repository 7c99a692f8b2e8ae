import type { AddressInfo } from "node:net";
import type { FastifyInstance } from "fastify";
import type { AgentApp } from "../../app.ts";
import { requestTimeoutOptions } from "../../node-http.ts";
import type { Serve } from "../../start.ts";

/** Serves the Fastify app that `createServer` makes on its own Node HTTP server, on every runtime. */
export function serve(createServer: (agent: AgentApp) => FastifyInstance): Serve {
  return async (agent, options) => {
    const app = createServer(agent);
    // Fastify made its server with the app; until listen() these options are plain properties.
    Object.assign(app.server, requestTimeoutOptions(options.requestTimeoutMs));
    await app.listen({ port: options.port, host: options.host });
    const { port } = app.server.address() as AddressInfo;
    return {
      port,
      // Fastify closes idle keep-alive connections itself and waits for the busy ones.
      close: async () => {
        await app.close();
      },
    };
  };
}
