/**
 * Server speed: every supported runtime x framework on the memory and SQLite stores (simulated
 * payments), each generated, installed and started for real, then loaded by autocannon at
 * concurrency 50 on GET /status, GET /availability and POST /start_job; plus a bare node:http
 * server answering the same /status JSON from a Map, the limit we compare with. Records req/s,
 * p50 and p99 latency and the peak RSS (VmHWM) of the real server process, not of npm.
 * Loopback only; the load generator shares the machine's cores with the server. The bare server
 * stays up and is loaded again right before each stack's GET /status, so each ratio compares two
 * measurements taken under the same machine load.
 */
import autocannon from "autocannon";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import type { StackOptions } from "../src/options.js";
import { freePort } from "../src/process/free-port.js";
import { startServerProcess } from "../packages/masumi-agent/src/process/server-process.js";
import { supportedStacks } from "../src/stack/combinations.js";
import {
  generateProject,
  installStackProject,
  startCommand,
  startProject,
} from "../test/helpers/generated-project.js";
import { listeningPid, processMemory } from "../test/helpers/processes.js";
import { isEntry, QUICK } from "./measure.js";

export const CONNECTIONS = 50;
const BARE = "bare node:http";
const BENCH_STORES = ["memory", "sqlite"] as const;
const JOB_BODY = JSON.stringify({ identifier_from_purchaser: "a1b2c3d4e5f60718", input_data: { text: "Hello, Masumi!" } });

export interface EndpointResult {
  endpoint: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Answers outside 2xx and socket errors or timeouts: a measurement with many is suspect. */
  non2xx: number;
  errors: number;
}

export interface ServerResult {
  /** "node+hono/sqlite", or "bare node:http" for the limit. */
  name: string;
  endpoints: EndpointResult[];
  peakRssMiB?: number;
  /** The bare server's GET /status req/s measured just before this server's. */
  bareRequestsPerSecond?: number;
  /** The 1-minute load average when this server was measured: other processes on the machine. */
  loadAverage?: number;
  /** Why this server could not be measured (it failed to install or start). */
  error?: string;
}

async function load(url: string, endpoint: string, durationS: number, post?: string): Promise<EndpointResult> {
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

async function peakRssMiB(port: number): Promise<number | undefined> {
  const pid = await listeningPid(port);
  return pid === undefined ? undefined : (await processMemory(pid)).peak / 1024 / 1024;
}

interface BareServer {
  /** Loads the bare server's GET /status for durationS and returns its req/s. */
  measure(durationS: number): Promise<EndpointResult>;
  peakRssMiB(): Promise<number | undefined>;
  stop(): Promise<void>;
}

async function startBare(): Promise<BareServer> {
  const port = await freePort();
  const bareServer = fileURLToPath(new URL("./bare-server.ts", import.meta.url));
  const server = startServerProcess(process.execPath, ["--import", "tsx", bareServer], {
    cwd: fileURLToPath(new URL("..", import.meta.url)),
    env: { ...process.env, PORT: String(port) },
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await server.waitUntilAnswering(`${url}/status`, 30_000);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return {
    measure: (durationS) => load(`${url}/status?job_id=job-1`, "GET /status", durationS),
    peakRssMiB: () => peakRssMiB(port),
    stop: server.stop,
  };
}

async function measureStack(stack: StackOptions, durationS: number, bare: BareServer): Promise<ServerResult> {
  const name = `${stack.runtime}+${stack.framework}/${stack.persistence}`;
  try {
    const dir = await generateProject(stack);
    await installStackProject(dir, stack);
    const server = await startProject(dir, {}, startCommand(stack));
    try {
      const port = Number(new URL(server.url).port);
      const started = await fetch(`${server.url}/start_job`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JOB_BODY,
      });
      const { job_id: jobId } = (await started.json()) as { job_id: string };
      const statusUrl = `${server.url}/status?job_id=${jobId}`;
      await load(statusUrl, "warm-up", 1);
      const loadAverage = loadavg()[0];
      const bareRequestsPerSecond = (await bare.measure(durationS)).requestsPerSecond;
      const endpoints = [
        await load(statusUrl, "GET /status", durationS),
        await load(`${server.url}/availability`, "GET /availability", durationS),
        await load(`${server.url}/start_job`, "POST /start_job", durationS, JOB_BODY),
      ];
      return { name, endpoints, peakRssMiB: await peakRssMiB(port), bareRequestsPerSecond, loadAverage };
    } finally {
      await server.stop();
    }
  } catch (error) {
    return { name, endpoints: [], error: (error as Error).message.split("\n")[0] };
  }
}

/** The stacks to load: each runtime x framework pair on each bench store. */
export function benchStacks(): StackOptions[] {
  return supportedStacks("bench-agent").filter(
    (stack) => stack.payment === "simulated" && (BENCH_STORES as readonly string[]).includes(stack.persistence),
  );
}

export async function measureServers(durationS: number, log: (line: string) => void = () => undefined): Promise<ServerResult[]> {
  const bare = await startBare();
  try {
    const first = await bare.measure(durationS);
    const results: ServerResult[] = [{ name: BARE, endpoints: [first], loadAverage: loadavg()[0] }];
    for (const stack of benchStacks()) {
      results.push(await measureStack(stack, durationS, bare));
      log(`measured ${results.at(-1)!.name}`);
    }
    results[0]!.peakRssMiB = await bare.peakRssMiB();
    return results;
  } finally {
    await bare.stop();
  }
}

function pad(cells: string[], widths: number[]): string {
  return cells.map((cell, index) => (index === 0 ? cell.padEnd(widths[index]!) : cell.padStart(widths[index]!))).join("  ");
}

/**
 * The results as a table; "vs bare" is GET /status req/s relative to the bare server's, loaded
 * just before; "load" is the machine's 1-minute load average then.
 */
export function formatServers(results: ServerResult[]): string {
  const header = ["server", "endpoint", "req/s", "p50 ms", "p99 ms", "non-2xx", "errors", "peak RSS MiB", "vs bare", "load"];
  const rows: string[][] = [];
  for (const result of results) {
    if (result.error) {
      rows.push([result.name, "(failed)", result.error.slice(0, 60), "", "", "", "", "", "", ""]);
      continue;
    }
    for (const [index, endpoint] of result.endpoints.entries()) {
      rows.push([
        index === 0 ? result.name : "",
        endpoint.endpoint,
        endpoint.requestsPerSecond.toFixed(0),
        endpoint.p50Ms.toFixed(1),
        endpoint.p99Ms.toFixed(1),
        String(endpoint.non2xx),
        String(endpoint.errors),
        index === 0 && result.peakRssMiB !== undefined ? result.peakRssMiB.toFixed(0) : "",
        index === 0 && result.bareRequestsPerSecond ? `${((endpoint.requestsPerSecond / result.bareRequestsPerSecond) * 100).toFixed(0)}%` : "",
        index === 0 && result.loadAverage !== undefined ? result.loadAverage.toFixed(1) : "",
      ]);
    }
  }
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => row[column]!.length)));
  return [pad(header, widths), ...rows.map((row) => pad(row, widths))].join("\n");
}

if (isEntry(import.meta.url)) {
  const durationS = Number(process.env.DURATION ?? (QUICK ? 2 : 5));
  console.log(formatServers(await measureServers(durationS, (line) => console.error(line))));
}
