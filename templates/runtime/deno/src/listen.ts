import type { FetchApp, ListenOptions, Listening } from "./listening.ts";

/** Serves the app with Deno's own HTTP server. */
export function listen(app: FetchApp, options: ListenOptions): Promise<Listening> {
  return new Promise((resolve, reject) => {
    const server = Deno.serve(
      {
        port: options.port,
        hostname: options.host,
        // Instead of Deno's own "Listening on" line: src/main.ts says where the agent listens.
        onListen: ({ port }) => resolve({ port, close: () => server.shutdown() }),
      },
      (request) => app.fetch(request),
    );
    server.finished.catch(reject);
  });
}
