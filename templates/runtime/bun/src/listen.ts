import type { FetchApp, ListenOptions, Listening } from "./listening.ts";

/** Serves the app with Bun's own HTTP server. */
export async function listen(app: FetchApp, options: ListenOptions): Promise<Listening> {
  const server = Bun.serve({
    port: options.port,
    hostname: options.host,
    // Bun ends a connection that sends nothing for this many seconds (at most 255).
    idleTimeout: Math.ceil(options.requestTimeoutMs / 1000),
    fetch: (request) => app.fetch(request),
  });
  return {
    port: server.port ?? options.port,
    close: () => server.stop(),
  };
}
