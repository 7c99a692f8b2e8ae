/**
 * Preloaded (`node --import`) into a Node server under the bench: the server times its own
 * answers, from the request's arrival (its headers parsed) to the response's last byte handed to
 * the socket, through Node's http diagnostics channels; nothing in the server changes. On
 * SIGUSR2 it writes the count, p50, p99 and max in milliseconds since the last SIGUSR2 to the
 * file LATENCY_PROBE_FILE names, and starts counting again. Where wrk's latency also holds the
 * time wrk waited for a core, this is the server's part alone (see bench/server-latency.ts).
 */
import { subscribe } from "node:diagnostics_channel";
import { writeFileSync } from "node:fs";
import { createHistogram } from "node:perf_hooks";

const file = process.env.LATENCY_PROBE_FILE;
const histogram = createHistogram();
const arrivals = new WeakMap();

subscribe("http.server.request.start", ({ request }) => arrivals.set(request, process.hrtime.bigint()));
subscribe("http.server.response.finish", ({ request }) => {
  const arrived = arrivals.get(request);
  // A histogram takes whole numbers of at least 1: nanoseconds.
  if (arrived !== undefined) histogram.record(Math.max(1, Number(process.hrtime.bigint() - arrived)));
});

process.on("SIGUSR2", () => {
  const ms = (ns) => ns / 1e6;
  const figures = histogram.count === 0
    ? { count: 0 }
    : { count: histogram.count, p50Ms: ms(histogram.percentile(50)), p99Ms: ms(histogram.percentile(99)), maxMs: ms(histogram.max) };
  writeFileSync(file, JSON.stringify(figures));
  histogram.reset();
});
