import type { FetchApp, ListenOptions, Listening } from "../../listening.ts";
import { withRequestDeadline } from "./request-deadline.ts";

/** Serves the app with Bun's own HTTP server. */
export async function listen(app: FetchApp, options: ListenOptions): Promise<Listening> {
  const timed = withRequestDeadline(app, options.requestTimeoutMs);
  const server = Bun.serve({
    port: options.port,
    hostname: options.host,
    // Bun ends a connection that sends nothing for this many seconds (at most 255), which is
    // what ends a request whose headers never finish. Its timer ticks every 4 s and may fire up
    // to a tick early: 4 s more than the request timeout, so a stalled body gets its 408 first.
    idleTimeout: Math.ceil(options.requestTimeoutMs / 1000) + 4,
    fetch: (request) => timed.fetch(request),
  });
  return {
    port: server.port ?? options.port,
    close: () => server.stop(),
  };
}
