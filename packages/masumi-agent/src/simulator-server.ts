/**
 * What the two local simulators (payment-sim, model-sim) share as HTTP servers run from the bin:
 * the address they print, what their request log keeps of a body, and how their command waits
 * for Ctrl-C or SIGTERM.
 */

/** The URL clients use for a server bound to `host`: a wildcard bind is reached on loopback. */
export function originOf(host: string, port: number): string {
  const reachable = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
  return `http://${reachable.includes(":") ? `[${reachable}]` : reachable}:${port}`;
}

/** What a request log keeps of a body: its JSON, else its text, else nothing. */
export function recordedBody(raw: string): unknown {
  if (raw === "") return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

/** Resolves with the first SIGINT or SIGTERM, then stops listening for both. */
export function waitForStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const signals = ["SIGINT", "SIGTERM"] as const;
    const stop = (signal: NodeJS.Signals) => {
      for (const other of signals) process.off(other, stop);
      resolve(signal);
    };
    for (const signal of signals) process.on(signal, stop);
  });
}
