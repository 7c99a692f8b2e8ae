/**
 * Benchmark results as JSON under bench/results/<timestamp>.json (git-ignored), and the
 * comparison of a run with the one before it, so a change in speed shows up side by side.
 */
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ColdStartResult } from "./cold-start.js";
import type { ConformanceTiming } from "./conformance.js";
import type { ScaffoldResult } from "./scaffold.js";
import { medianRatio } from "./rounds.js";
import type { ServerResult } from "./server.js";

const RESULTS_DIR = fileURLToPath(new URL("./results/", import.meta.url));

export interface BenchResults {
  startedAt: string;
  machine: { node: string; cpus: number; cpuModel: string; loadAverageAtStart: number[] };
  quick: boolean;
  scaffold?: ScaffoldResult;
  coldStart?: ColdStartResult;
  servers?: ServerResult[];
  conformance?: ConformanceTiming[];
}

export function machineNote(): BenchResults["machine"] {
  return { node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model ?? "unknown", loadAverageAtStart: loadavg() };
}

/** Writes the results and returns the previous results file's content, if there is one. */
export async function saveResults(results: BenchResults): Promise<{ path: string; previous?: BenchResults }> {
  await mkdir(RESULTS_DIR, { recursive: true });
  const earlier = (await readdir(RESULTS_DIR)).filter((name) => name.endsWith(".json")).sort();
  const path = join(RESULTS_DIR, `${results.startedAt.replace(/[:.]/g, "-")}.json`);
  await writeFile(path, `${JSON.stringify(results, null, 2)}\n`);
  const last = earlier.at(-1);
  const previous = last ? (JSON.parse(await readFile(join(RESULTS_DIR, last), "utf8")) as BenchResults) : undefined;
  return { path, previous };
}

function change(before: number | undefined, now: number | undefined, unit: string, digits = 0): string | undefined {
  if (before === undefined || now === undefined || before === 0) return undefined;
  const percent = ((now - before) / before) * 100;
  return `${before.toFixed(digits)} -> ${now.toFixed(digits)} ${unit} (${percent >= 0 ? "+" : ""}${percent.toFixed(0)}%)`;
}

/** As the server table has it: the median of the rounds' ratios; files from before rounds have one. */
function ratioToBare(server: ServerResult | undefined): number | undefined {
  if (server?.rounds) return medianRatio(server.rounds, "GET /status", "bareRequestsPerSecond");
  const status = server?.endpoints.find((endpoint) => endpoint.endpoint === "GET /status");
  return status && server?.bareRequestsPerSecond ? status.requestsPerSecond / server.bareRequestsPerSecond : undefined;
}

/** One line per measurement both runs have: before -> now and the change in percent. */
export function formatComparison(previous: BenchResults, current: BenchResults): string {
  const lines = [`compared with the run of ${previous.startedAt}${previous.quick !== current.quick ? " (different QUICK mode)" : ""}:`];
  const add = (label: string, text: string | undefined) => {
    if (text) lines.push(`  ${label}: ${text}`);
  };
  add("scaffold, ours", change(previous.scaffold?.oursMedianMs, current.scaffold?.oursMedianMs, "ms"));
  add("scaffold, ratio to create-vite", change(previous.scaffold?.ratio, current.scaffold?.ratio, "", 2));
  for (const start of current.coldStart?.starts ?? []) {
    const before = previous.coldStart?.starts?.find((candidate) => candidate.label === start.label);
    add(`cold start, ${start.label}`, change(before?.medianStartMs, start.medianStartMs, "ms"));
  }
  for (const server of current.servers ?? []) {
    const before = previous.servers?.find((candidate) => candidate.name === server.name);
    for (const endpoint of server.endpoints) {
      const old = before?.endpoints.find((candidate) => candidate.endpoint === endpoint.endpoint);
      add(`${server.name} ${endpoint.endpoint} req/s`, change(old?.requestsPerSecond, endpoint.requestsPerSecond, "req/s"));
    }
    add(`${server.name} peak RSS`, change(before?.peakRssMiB, server.peakRssMiB, "MiB"));
    add(`${server.name} GET /status vs bare`, change(ratioToBare(before), ratioToBare(server), "", 2));
  }
  for (const timing of current.conformance ?? []) {
    const old = previous.conformance?.find((candidate) => candidate.label === timing.label && candidate.profile === timing.profile);
    add(`conformance ${timing.profile}`, change(old && old.medianMs / 1000, timing.medianMs / 1000, "s", 2));
  }
  return lines.join("\n");
}
