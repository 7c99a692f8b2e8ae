import type { AddressInfo } from "node:net";
import type { FastifyInstance } from "fastify";
import type { Listening, ListenOptions } from "../../listening.ts";
import { requestTimeoutOptions } from "../../node-http.ts";

/** Starts the Fastify app on its own Node HTTP server. */
export async function listen(app: FastifyInstance, options: ListenOptions): Promise<Listening> {
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
}
