/**
 * The server's own latency under load, beside wrk's: a Node server started with
 * latencyProbeEnv() times each answer itself (bench/latency-probe.mjs) and reports the figures
 * since the last report when asked. On this 2-core machine wrk's p99 also counts the time wrk
 * itself waited for a core (the server, its SQLite checkpointer thread and the GC's threads share
 * the two): 266 ms by wrk against 20 ms inside the server in one run of POST /start_job.
 */
import { readFile, rm } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";

const PROBE = new URL("latency-probe.mjs", import.meta.url);

export interface ServerLatency {
  count: number;
  p50Ms?: number;
  p99Ms?: number;
  maxMs?: number;
}

/** The environment that preloads the probe into a Node server (and into npm, which ignores it). */
export function latencyProbeEnv(file: string): NodeJS.ProcessEnv {
  return { NODE_OPTIONS: `--import=${PROBE.href}`, LATENCY_PROBE_FILE: file };
}

/** The figures since the last call (or the start), and a new count from now on. */
export async function takeServerLatency(pid: number, file: string): Promise<ServerLatency> {
  await rm(file, { force: true });
  process.kill(pid, "SIGUSR2");
  for (let waited = 0; waited < 5_000; waited += 20) {
    const figures = await readFile(file, "utf8").then(
      (text) => JSON.parse(text) as ServerLatency,
      // Not written yet (or read in the middle of the one write): look again.
      () => undefined,
    );
    if (figures) return figures;
    await sleep(20);
  }
  throw new Error(`the server (pid ${pid}) wrote no latency figures to ${file}`);
}
