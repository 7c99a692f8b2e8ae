/**
 * Server speed: every supported runtime x framework on the memory and SQLite stores, and Node +
 * Hono on PostgreSQL and Redis where those servers answer (simulated payments), each generated,
 * installed and started for real, then loaded (bench/load.ts: wrk, 1 thread, 50 connections) on
 * GET /status, GET /availability and POST /start_job. The anchors (bench/anchors.ts) are loaded
 * again right before each stack: the bare node:http server's /status and /start_job, bare Hono's
 * for the Hono stacks, and the FastAPI stack's /start_job, so each ratio compares two
 * measurements taken under the same machine load. The Node + Hono stacks, which the issue's
 * targets are about, are measured in ROUNDS such rounds (default 3; bench/rounds.ts), the other
 * pairs in one. Records req/s, p50 and p99 latency, the CPU time per request and the peak RSS
 * (VmHWM) of the real server process, not of npm, and for Node servers the p99 they timed
 * themselves (bench/server-latency.ts). After each load of POST /start_job (the warm-up's too) it
 * waits until the server is quiet again, its jobs' lifecycles done, and records the CPU time per
 * started job until then (bench/settle.ts): so no load is measured beside the work the last one
 * left. Loopback only; the load generator shares the machine's cores.
 */
import { rm } from "node:fs/promises";
import { loadavg } from "node:os";
import { dirname, join } from "node:path";
import type { StackOptions } from "../src/options.js";
import { supportedStacks } from "../src/stack/combinations.js";
import {
  buildProject,
  generateProject,
  installStackProject,
  startCommand,
  startProject,
} from "../test/helpers/generated-project.js";
import {
  freshPostgres,
  freshRedis,
  postgresAvailable,
  redisAvailable,
  type StoreServer,
} from "../test/persistence/store-servers.js";
import {
  BARE,
  BARE_HONO,
  FASTAPI,
  JOB_BODY,
  peakRssMiB,
  startBare,
  startBareHono,
  startFastApi,
  type RunningAnchor,
} from "./anchors.js";
import { load, loaderName, type EndpointResult, type LoadRequest } from "./load.js";
import { isEntry, QUICK } from "./measure.js";
import { combineRounds, formatRatio, medianRatio, roundRatios, type AnchorFigures, type Round } from "./rounds.js";
import { latencyProbeEnv, takeServerLatency } from "./server-latency.js";
import { tempDir } from "../test/helpers/cli.js";
import { listeningPid } from "../test/helpers/processes.js";

export type { EndpointResult } from "./load.js";

const FILE_STORES = ["memory", "sqlite"] as const;
const NETWORK_STORES = ["postgres", "redis"] as const;

/** A row: our figures and the anchors' (medians over its rounds), and the rounds themselves. */
export interface ServerResult extends AnchorFigures {
  /** "node+hono/sqlite", or an anchor's name. */
  name: string;
  endpoints: EndpointResult[];
  /** Each round's anchors and ours, back to back; none for an anchor's own row. */
  rounds?: Round[];
  peakRssMiB?: number;
  /** The 1-minute load average when this server was measured: other processes on the machine. */
  loadAverage?: number;
  /** Why this server could not be measured (it failed to install or start). */
  error?: string;
}

const STATUS = "GET /status";
const START_JOB = "POST /start_job";

async function startedJobId(url: string): Promise<string> {
  const response = await fetch(`${url}/start_job`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JOB_BODY,
  });
  if (!response.ok) throw new Error(`POST ${url}/start_job answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { job_id: string }).job_id;
}

const WARM_UP_S = 1;

/** One endpoint of a row: what to load, without how long. */
type EndpointRequest = Omit<LoadRequest, "durationS" | "pid">;

/**
 * Every endpoint of a row loaded for a second before any is measured. A server's first requests
 * on a path run while V8 still compiles it: three 4 s runs in a row of POST /start_job with an
 * invalid body on one new server (Node + Hono) had p99s of 187, 5.4 and 4.4 ms. The rows measure
 * a server that has been running; bench/cold-start.ts measures a new one.
 */
async function warmUp(requests: EndpointRequest[], pid: number | undefined): Promise<void> {
  for (const request of requests) await load({ ...request, durationS: WARM_UP_S, pid });
}

/** A server started with the latency probe: its process and the file it reports to. */
interface Probe {
  pid: number;
  file: string;
}

async function loadEach(requests: EndpointRequest[], durationS: number, pid: number | undefined, probe?: Probe): Promise<EndpointResult[]> {
  const results: EndpointResult[] = [];
  for (const request of requests) {
    // What the server timed before this load (the warm-up, the anchors' turn) is dropped.
    if (probe) await takeServerLatency(probe.pid, probe.file);
    const result = await load({ ...request, durationS, pid });
    const server = probe && (await takeServerLatency(probe.pid, probe.file));
    results.push(server ? { ...result, serverP50Ms: server.p50Ms, serverP99Ms: server.p99Ms } : result);
  }
  return results;
}

interface Anchors {
  bare: RunningAnchor;
  bareHono: RunningAnchor;
  fastApi?: RunningAnchor;
}

/** The anchors' figures right before a stack: what its ratios compare with. */
async function measureAnchors(anchors: Anchors, durationS: number, hono: boolean): Promise<AnchorFigures> {
  const pid = await listeningPid(Number(new URL(anchors.bare.url).port));
  const status = (anchor: RunningAnchor, pid?: number) =>
    load({ url: `${anchor.url}/status?job_id=job-1`, endpoint: STATUS, durationS, pid });
  const start = (anchor: RunningAnchor) =>
    load({ url: `${anchor.url}/start_job`, endpoint: START_JOB, durationS, post: JOB_BODY });
  const bareStatus = await status(anchors.bare, pid);
  const figures: AnchorFigures = {
    bareRequestsPerSecond: bareStatus.requestsPerSecond,
    ...(bareStatus.cpuUsPerRequest === undefined ? {} : { bareStatusCpuUs: bareStatus.cpuUsPerRequest }),
    bareStartJobPerSecond: (await start(anchors.bare)).requestsPerSecond,
  };
  if (hono) {
    figures.bareHonoRequestsPerSecond = (await status(anchors.bareHono)).requestsPerSecond;
    figures.bareHonoStartJobPerSecond = (await start(anchors.bareHono)).requestsPerSecond;
  }
  if (anchors.fastApi) figures.fastApiStartJobPerSecond = (await start(anchors.fastApi)).requestsPerSecond;
  return figures;
}

/** An anchor's own row: /status and /start_job. */
async function measureAnchor(anchor: RunningAnchor, durationS: number): Promise<ServerResult> {
  const statusUrl = `${anchor.url}/status?job_id=${anchor.name === FASTAPI ? await startedJobId(anchor.url) : "job-1"}`;
  const pid = await listeningPid(Number(new URL(anchor.url).port));
  const requests: EndpointRequest[] = [
    { url: statusUrl, endpoint: STATUS },
    { url: `${anchor.url}/start_job`, endpoint: START_JOB, post: JOB_BODY, settle: true },
  ];
  await warmUp(requests, pid);
  const endpoints = await loadEach(requests, durationS, pid);
  return { name: anchor.name, endpoints, peakRssMiB: await anchor.peakRssMiB(), loadAverage: loadavg()[0] };
}

async function measureStack(
  stack: StackOptions,
  { durationS, rounds }: { durationS: number; rounds: number },
  anchors: Anchors,
  store?: StoreServer,
): Promise<ServerResult> {
  const name = `${stack.runtime}+${stack.framework}/${stack.persistence}`;
  try {
    const dir = await generateProject(stack);
    await installStackProject(dir, stack);
    // Built first, without the probe: startProject builds only what is not built yet.
    await buildProject(dir);
    // Node servers time their own answers too; Bun and Deno do not read NODE_OPTIONS.
    const probeFile = stack.runtime === "node" ? join(await tempDir("cma-latency-"), "latency.json") : undefined;
    const server = await startProject(dir, { ...store?.env, ...(probeFile ? latencyProbeEnv(probeFile) : {}) }, startCommand(stack));
    try {
      const port = Number(new URL(server.url).port);
      const pid = await listeningPid(port);
      const probe = probeFile && pid !== undefined ? { pid, file: probeFile } : undefined;
      const requests: EndpointRequest[] = [
        { url: `${server.url}/status?job_id=${await startedJobId(server.url)}`, endpoint: STATUS },
        { url: `${server.url}/availability`, endpoint: "GET /availability" },
        { url: `${server.url}/start_job`, endpoint: START_JOB, post: JOB_BODY, settle: true },
      ];
      await warmUp(requests, pid);
      const loadAverage = loadavg()[0];
      const measured: Round[] = [];
      for (let round = 0; round < rounds; round++) {
        const roundAnchors = await measureAnchors(anchors, durationS, stack.framework === "hono");
        measured.push({ anchors: roundAnchors, endpoints: await loadEach(requests, durationS, pid, probe) });
      }
      return { name, ...combineRounds(measured), rounds: measured, peakRssMiB: await peakRssMiB(port), loadAverage };
    } finally {
      await server.stop();
      if (probeFile) await rm(dirname(probeFile), { recursive: true, force: true });
    }
  } catch (error) {
    return { name, endpoints: [], error: (error as Error).message.split("\n")[0] };
  } finally {
    await store?.remove();
  }
}

/** The stacks to load: each runtime x framework pair on the memory and SQLite stores. */
export function benchStacks(): StackOptions[] {
  return supportedStacks("bench-agent").filter(
    (stack) => stack.payment === "simulated" && (FILE_STORES as readonly string[]).includes(stack.persistence),
  );
}

/** Node + Hono on the networked stores, each with a fresh database or key prefix. */
async function networkStacks(log: (line: string) => void): Promise<{ stack: StackOptions; store: () => Promise<StoreServer> }[]> {
  const stacks = [];
  for (const persistence of NETWORK_STORES) {
    const available = persistence === "postgres" ? await postgresAvailable() : await redisAvailable();
    if (!available) {
      log(`skipped node+hono/${persistence}: its server does not answer`);
      continue;
    }
    const stack: StackOptions = {
      projectName: "bench-agent",
      runtime: "node",
      framework: "hono",
      persistence,
      payment: "simulated",
      packageManager: "npm",
      agent: "offline",
    };
    stacks.push({ stack, store: persistence === "postgres" ? freshPostgres : freshRedis });
  }
  return stacks;
}

export interface MeasureServersOptions {
  durationS: number;
  /** Rounds of the Node + Hono stacks (the issue's table); the other pairs get one. */
  rounds: number;
  /** Only Node + Hono (all stores), not every runtime x framework pair. */
  defaultOnly?: boolean;
  log?: (line: string) => void;
}

/** ROUNDS from the environment: 3 by default, 1 with QUICK. */
export function serverRounds(): number {
  const rounds = Number(process.env.ROUNDS ?? (QUICK ? 1 : 3));
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`ROUNDS must be a whole number from 1, not ${process.env.ROUNDS}`);
  return rounds;
}

const isNodeHono = (stack: StackOptions) => stack.runtime === "node" && stack.framework === "hono";

export async function measureServers({
  durationS,
  rounds,
  defaultOnly = false,
  log = () => undefined,
}: MeasureServersOptions): Promise<ServerResult[]> {
  log(`load: ${await loaderName()}`);
  const bare = await startBare();
  const bareHono = await startBareHono();
  const fastApi = await startFastApi(log);
  if (typeof fastApi === "string") log(`SKIPPED the ${FASTAPI} anchor: ${fastApi}`);
  const anchors: Anchors = { bare, bareHono, ...(typeof fastApi === "string" ? {} : { fastApi }) };
  const roundsOf = (stack: StackOptions) => ({ durationS, rounds: isNodeHono(stack) ? rounds : 1 });
  try {
    const results: ServerResult[] = [await measureAnchor(bare, durationS), await measureAnchor(bareHono, durationS)];
    if (anchors.fastApi) results.push(await measureAnchor(anchors.fastApi, durationS));
    const fileStacks = benchStacks().filter((stack) => !defaultOnly || isNodeHono(stack));
    for (const stack of fileStacks) {
      results.push(await measureStack(stack, roundsOf(stack), anchors));
      log(`measured ${results.at(-1)!.name}`);
    }
    for (const { stack, store } of await networkStacks(log)) {
      results.push(await measureStack(stack, roundsOf(stack), anchors, await store()));
      log(`measured ${results.at(-1)!.name}`);
    }
    return results;
  } finally {
    await bare.stop();
    await bareHono.stop();
    await anchors.fastApi?.stop();
  }
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => row[column]!.length)));
  const pad = (cells: string[]) =>
    cells.map((cell, index) => (index === 0 ? cell.padEnd(widths[index]!) : cell.padStart(widths[index]!))).join("  ");
  return [pad(header), ...rows.map(pad)].join("\n");
}

/** Our endpoint against an anchor, per round: the median and, over rounds, the range. */
function ratioCell(result: ServerResult, endpoint: string, anchor: keyof AnchorFigures | undefined): string {
  return anchor ? formatRatio(roundRatios(result.rounds ?? [], endpoint, anchor)) : "";
}

/** What each endpoint is compared with: the issue's anchor for it, and bare Hono's same endpoint. */
const COMPARED_WITH: Record<string, { anchor: keyof AnchorFigures; bareHono: keyof AnchorFigures }> = {
  [STATUS]: { anchor: "bareRequestsPerSecond", bareHono: "bareHonoRequestsPerSecond" },
  [START_JOB]: { anchor: "fastApiStartJobPerSecond", bareHono: "bareHonoStartJobPerSecond" },
};

/** Our server's CPU time per request, and the bare server's share of it when measured. */
function cpuCell(ours: number | undefined, bare: number | undefined): string {
  if (ours === undefined) return "";
  return `${ours.toFixed(1)} us${bare === undefined ? "" : ` (bare ${bare.toFixed(1)} us: ${(bare / ours).toFixed(2)}x)`}`;
}

/** wrk's p99, and the server's own where it timed its answers. */
function latencyCell(endpoint: EndpointResult | undefined): string {
  const server = endpoint?.serverP99Ms === undefined ? "" : ` (server ${endpoint.serverP99Ms.toFixed(1)} ms)`;
  return `p99 ${endpoint?.p99Ms.toFixed(1) ?? "?"} ms${server}`;
}

function endpointOf(result: ServerResult | undefined, endpoint: string): EndpointResult | undefined {
  return result?.endpoints.find((candidate) => candidate.endpoint === endpoint);
}

/**
 * Every measurement (a row's medians when it had rounds); "vs anchor" is GET /status req/s
 * relative to the bare node:http server's and POST /start_job req/s relative to the FastAPI
 * stack's, "vs bare Hono" both relative to bare Hono's, each loaded just before within its round;
 * "CPU us/job" is, for POST /start_job, the server's CPU time per start from the load's start
 * until it was quiet again (bench/settle.ts), each job's lifecycle after its answer included,
 * and "busy after s" how long it went on after the load; "load" is the machine's 1-minute load
 * average then.
 */
export function formatServers(results: ServerResult[]): string {
  const header = ["server", "endpoint", "rounds", "req/s", "p50 ms", "p99 ms", "server p99 ms", "CPU us/req", "CPU us/job", "busy after s", "non-2xx", "errors", "peak RSS MiB", "vs anchor", "vs bare Hono", "load"];
  const rows: string[][] = [];
  for (const result of results) {
    if (result.error) {
      rows.push([result.name, "(failed)", "", result.error.slice(0, 60), ...header.slice(4).map(() => "")]);
      continue;
    }
    for (const [index, endpoint] of result.endpoints.entries()) {
      const compared = COMPARED_WITH[endpoint.endpoint];
      rows.push([
        index === 0 ? result.name : "",
        endpoint.endpoint,
        index === 0 ? String(result.rounds?.length ?? 1) : "",
        endpoint.requestsPerSecond.toFixed(0),
        endpoint.p50Ms.toFixed(1),
        endpoint.p99Ms.toFixed(1),
        endpoint.serverP99Ms?.toFixed(1) ?? "",
        endpoint.cpuUsPerRequest?.toFixed(1) ?? "",
        endpoint.cpuUsPerJob?.toFixed(1) ?? "",
        endpoint.settleS?.toFixed(1) ?? "",
        String(endpoint.non2xx),
        String(endpoint.errors),
        index === 0 && result.peakRssMiB !== undefined ? result.peakRssMiB.toFixed(0) : "",
        ratioCell(result, endpoint.endpoint, compared?.anchor),
        ratioCell(result, endpoint.endpoint, compared?.bareHono),
        index === 0 && result.loadAverage !== undefined ? result.loadAverage.toFixed(1) : "",
      ]);
    }
  }
  return table(header, rows);
}

/**
 * The issue's table: per Node + Hono store, GET /status and POST /start_job against the bare
 * node:http server, bare Hono and the FastAPI stack, each anchor measured right before that
 * store within each round. Figures are medians over the rounds, ratios the median of the
 * rounds' ratios with their range.
 */
export function formatIssueTable(results: ServerResult[]): string {
  const fastApiRow = results.find((result) => result.name === FASTAPI);
  const rows: string[][] = [];
  for (const result of results.filter((candidate) => candidate.name.startsWith("node+hono/") && !candidate.error)) {
    const status = endpointOf(result, STATUS);
    const start = endpointOf(result, START_JOB);
    const fastApiStatus = endpointOf(fastApiRow, STATUS)?.requestsPerSecond;
    rows.push([
      result.name,
      STATUS,
      status
        ? `${status.requestsPerSecond.toFixed(0)} (${ratioCell(result, STATUS, "bareRequestsPerSecond")} bare, ${ratioCell(result, STATUS, "bareHonoRequestsPerSecond")} bare Hono)`
        : "",
      latencyCell(status),
      cpuCell(status?.cpuUsPerRequest, result.bareStatusCpuUs),
      result.bareRequestsPerSecond?.toFixed(0) ?? "",
      result.bareHonoRequestsPerSecond?.toFixed(0) ?? "",
      fastApiStatus === undefined ? "skipped" : `${fastApiStatus.toFixed(0)} (run start)`,
    ]);
    rows.push([
      "",
      START_JOB,
      start ? `${start.requestsPerSecond.toFixed(0)} (${ratioCell(result, START_JOB, "fastApiStartJobPerSecond")} FastAPI)` : "",
      latencyCell(start),
      cpuCell(start?.cpuUsPerRequest, undefined),
      result.bareStartJobPerSecond?.toFixed(0) ?? "",
      result.bareHonoStartJobPerSecond?.toFixed(0) ?? "",
      result.fastApiStartJobPerSecond?.toFixed(0) ?? "skipped",
    ]);
  }
  const sqliteRow = results.find((result) => result.name === "node+hono/sqlite");
  const sqlite = endpointOf(sqliteRow, START_JOB)?.requestsPerSecond;
  const lines = [table(["stack", "endpoint", "ours req/s", "ours latency", "ours CPU/req", BARE, BARE_HONO, FASTAPI], rows)];
  for (const store of NETWORK_STORES) {
    const row = results.find((result) => result.name === `node+hono/${store}`);
    const start = endpointOf(row, START_JOB)?.requestsPerSecond;
    if (start !== undefined && sqlite) {
      const anchored = row && sqliteRow && againstFastApi(row, sqliteRow);
      const measured = anchored === undefined ? "" : `, ${anchored.toFixed(2)}x as each compares with the FastAPI stack in its own rounds`;
      lines.push(`node+hono/${store} POST /start_job: ${(start / sqlite).toFixed(2)}x SQLite's req/s, medians${measured} (target: within 2x, i.e. at least 0.50x)`);
    }
  }
  const jobCost = formatJobCost(results);
  if (jobCost) lines.push(jobCost);
  return lines.join("\n");
}

/**
 * A store's POST /start_job relative to another's, each first taken against the FastAPI stack
 * loaded right before it in the same round (the median of its rounds): the two rows run minutes
 * apart, and the machine's speed moves between them (the bare server's GET /status 36k req/s in
 * SQLite's rounds and 19k in PostgreSQL's, in one run), which the raw medians' ratio takes as the
 * stores' difference.
 */
export function againstFastApi(row: ServerResult, reference: ServerResult): number | undefined {
  const ours = medianRatio(row.rounds ?? [], START_JOB, "fastApiStartJobPerSecond");
  const theirs = medianRatio(reference.rounds ?? [], START_JOB, "fastApiStartJobPerSecond");
  return ours === undefined || !theirs ? undefined : ours / theirs;
}

/**
 * What a started job costs the server in all: its CPU time per POST /start_job from the load's
 * start until it was quiet again, the job's lifecycle after the answer included, and the starts
 * per second one core could carry at that cost. Req/s over the load's window leaves out what a
 * server defers past it; this does not.
 */
export function formatJobCost(results: ServerResult[]): string | undefined {
  const cost = (result: ServerResult) => endpointOf(result, START_JOB)?.cpuUsPerJob;
  const fastApi = results.find((result) => result.name === FASTAPI);
  const fastApiCost = fastApi && cost(fastApi);
  const measured = results.filter(
    (result) => (result.name === BARE || result.name === FASTAPI || result.name.startsWith("node+hono/")) && cost(result) !== undefined,
  );
  if (measured.length === 0) return undefined;
  const parts = measured.map((result) => {
    const us = cost(result)!;
    const relative = fastApiCost && result.name !== FASTAPI ? `, ${(us / fastApiCost).toFixed(2)}x FastAPI's` : "";
    return `${result.name} ${us.toFixed(0)} us (${Math.round(1e6 / us)} jobs/s per core${relative})`;
  });
  return `CPU per started job, its lifecycle included (load, then until the server is quiet; the server process only, not PostgreSQL's or Redis's): ${parts.join("; ")}`;
}

if (isEntry(import.meta.url)) {
  const durationS = Number(process.env.DURATION ?? (QUICK ? 2 : 5));
  const results = await measureServers({
    durationS,
    rounds: serverRounds(),
    defaultOnly: process.env.ALL_STACKS !== "1",
    log: (line) => console.error(line),
  });
  console.log(formatIssueTable(results));
  console.log();
  console.log(formatServers(results));
}
