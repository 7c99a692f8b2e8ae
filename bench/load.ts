/**
 * HTTP load for the server benches: wrk with 1 thread and 50 connections, as the issue measured,
 * when wrk is installed (Debian: `apt-get install wrk`); else autocannon in this process, whose
 * own CPU use is larger, so absolute numbers are lower (the loader shares the cores).
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { execa } from "execa";
import { processCpuSeconds } from "../test/helpers/processes.js";
import { waitUntilSettled } from "./settle.js";

export const CONNECTIONS = 50;

export interface EndpointResult {
  endpoint: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Answers outside 2xx and socket errors or timeouts: a measurement with many is suspect. */
  non2xx: number;
  errors: number;
  /**
   * The server process's CPU time (user and system) per request answered, in microseconds: what
   * a request costs the server, whatever else the machine runs (the load generator included).
   */
  cpuUsPerRequest?: number;
  /** The same load's p50 and p99 as the server timed its answers itself (bench/server-latency.ts). */
  serverP50Ms?: number;
  serverP99Ms?: number;
  /**
   * With `settle`: the server's CPU time per request answered, from the load's start until it
   * was quiet again (bench/settle.ts), in microseconds. For POST /start_job: a started job, its
   * lifecycle after the answer included.
   */
  cpuUsPerJob?: number;
  /** With `settle`: how long the server went on working after the load ended, in seconds. */
  settleS?: number;
}

export interface LoadRequest {
  url: string;
  /** The label in the tables: "GET /status". */
  endpoint: string;
  durationS: number;
  /** A JSON body to POST; a GET without. */
  post?: string;
  /** The server's process id: its CPU time per request is measured too. */
  pid?: number;
  /** Requests that start work after their answer: wait until the server (pid) is quiet again. */
  settle?: boolean;
}

let wrkInstalled: Promise<boolean> | undefined;

/** Whether wrk runs here; asked once. */
export function hasWrk(): Promise<boolean> {
  wrkInstalled ??= execa("wrk", ["--version"], { reject: false }).then(
    // wrk --version prints its version and exits 1.
    (result) => /^wrk /.test(`${result.stdout}${result.stderr}`),
    () => false,
  );
  return wrkInstalled;
}

export async function loaderName(): Promise<string> {
  return (await hasWrk()) ? `wrk, 1 thread, ${CONNECTIONS} connections` : `autocannon, ${CONNECTIONS} connections (wrk is not installed)`;
}

export async function load(request: LoadRequest): Promise<EndpointResult> {
  const cpuBefore = request.pid === undefined ? undefined : await processCpuSeconds(request.pid);
  const result = await ((await hasWrk()) ? loadWithWrk(request) : loadWithAutocannon(request));
  if (cpuBefore === undefined || request.pid === undefined) return result;
  const cpuUs = ((await processCpuSeconds(request.pid)) - cpuBefore) * 1e6;
  const requests = result.requestsPerSecond * request.durationS;
  if (requests === 0) return result;
  const measured = { ...result, cpuUsPerRequest: cpuUs / requests };
  if (!request.settle) return measured;
  const settled = await waitUntilSettled(request.pid);
  return { ...measured, cpuUsPerJob: ((settled.cpuSeconds - cpuBefore) * 1e6) / requests, settleS: settled.afterLoadS };
}

async function loadWithAutocannon({ url, endpoint, durationS, post }: LoadRequest): Promise<EndpointResult> {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: durationS,
    ...(post === undefined ? {} : { method: "POST" as const, body: post, headers: { "content-type": "application/json" } }),
  });
  return {
    endpoint,
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

async function loadWithWrk({ url, endpoint, durationS, post }: LoadRequest): Promise<EndpointResult> {
  const dir = await mkdtemp(join(tmpdir(), "cma-wrk-"));
  try {
    const args = ["-t1", `-c${CONNECTIONS}`, `-d${durationS}s`, "--latency"];
    if (post !== undefined) {
      const script = join(dir, "post.lua");
      await writeFile(
        script,
        `wrk.method = "POST"\nwrk.body = ${JSON.stringify(post)}\nwrk.headers["Content-Type"] = "application/json"\n`,
      );
      args.push("-s", script);
    }
    const { stdout } = await execa("wrk", [...args, url]);
    return { endpoint, ...parseWrk(stdout) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The figures of wrk's report: "Requests/sec:", the --latency percentiles, errors. */
export function parseWrk(report: string): Omit<EndpointResult, "endpoint"> {
  const number = (pattern: RegExp) => Number(pattern.exec(report)?.[1] ?? 0);
  const percentile = (p: number) => {
    const match = new RegExp(`^\\s*${p}%\\s+([\\d.]+)(us|ms|s)\\s*$`, "m").exec(report);
    if (!match) return Number.NaN;
    const scale = { us: 0.001, ms: 1, s: 1000 }[match[2] as "us" | "ms" | "s"];
    return Number(match[1]) * scale;
  };
  const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(report);
  return {
    requestsPerSecond: number(/Requests\/sec:\s+([\d.]+)/),
    p50Ms: percentile(50),
    p99Ms: percentile(99),
    non2xx: number(/Non-2xx or 3xx responses:\s+(\d+)/),
    errors: socketErrors ? socketErrors.slice(1).reduce((sum, count) => sum + Number(count), 0) : 0,
  };
}
