import type { FetchApp, ListenOptions, Listening } from "./listening.ts";

/** Serves the app with Bun's own HTTP server. */
export async function listen(app: FetchApp, options: ListenOptions): Promise<Listening> {
  const server = Bun.serve({
    port: options.port,
    hostname: options.host,
    fetch: (request) => app.fetch(request),
  });
  return {
    port: server.port ?? options.port,
    close: () => server.stop(),
  };
}
