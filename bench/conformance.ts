/**
 * Speed of a full conformance run (every check of a profile), as wall time per run: against the
 * fixture server with the generated agent's timing (payment locked after 1 s, as the default
 * SIMULATED_PAYMENT_DELAY_MS), and optionally against a real server. Prints numbers, asserts
 * nothing.
 *
 *   npx tsx bench/conformance.ts [--runs 5] [--url http://127.0.0.1:3000] [--project DIR]
 *
 * --project builds an installed generated project where it has a build, then starts it (its `start`
 * script) on a free port.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { runConformance, type ConformanceReport } from "../packages/masumi-agent/src/check/index.js";
import type { Profile } from "../packages/masumi-agent/src/check/types.js";
import { freePort } from "../src/process/free-port.js";
import { startServerProcess } from "../packages/masumi-agent/src/process/server-process.js";
import { startFixture } from "../test/fixtures/conformance-server/server.js";
import { buildProject } from "../test/helpers/generated-project.js";
import { isEntry, median } from "./measure.js";

const PROFILES: Profile[] = ["mip-003", "seed"];

/** Wall time of full conformance runs of one profile against one server. */
export interface ConformanceTiming {
  label: string;
  profile: Profile;
  runs: number;
  medianMs: number;
  minMs: number;
  maxMs: number;
  summary: ConformanceReport["summary"];
}

function stats(timing: ConformanceTiming): string {
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  return `median ${s(timing.medianMs)}, min ${s(timing.minMs)}, max ${s(timing.maxMs)}`;
}

export function formatConformance(timing: ConformanceTiming): string {
  const { passed, failed, warnings, skipped } = timing.summary;
  return `${timing.label}, ${timing.profile}: ${stats(timing)} over ${timing.runs} runs (${passed} passed, ${failed} failed, ${warnings} warnings, ${skipped} skipped)`;
}

/** Runs every profile `runs` times against baseUrl and returns the wall times. */
export async function measureConformance(label: string, baseUrl: string, runs: number): Promise<ConformanceTiming[]> {
  const timings: ConformanceTiming[] = [];
  for (const profile of PROFILES) {
    const samples: number[] = [];
    let last: ConformanceReport | undefined;
    for (let run = 0; run < runs; run++) {
      const started = performance.now();
      last = await runConformance({ baseUrl, profile });
      samples.push(performance.now() - started);
    }
    timings.push({
      label,
      profile,
      runs,
      medianMs: median(samples),
      minMs: Math.min(...samples),
      maxMs: Math.max(...samples),
      summary: last!.summary,
    });
  }
  return timings;
}

async function measure(label: string, baseUrl: string, runs: number): Promise<void> {
  for (const timing of await measureConformance(label, baseUrl, runs)) console.log(formatConformance(timing));
}

if (isEntry(import.meta.url)) {
  const { values } = parseArgs({
    options: { runs: { type: "string", default: "5" }, url: { type: "string" }, project: { type: "string" } },
  });
  const runs = Number(values.runs);
  const fixture = await startFixture({ paymentDelayMs: 1000, runMs: 20 });
  try {
    await measure("fixture with a 1 s payment delay", fixture.url, runs);
  } finally {
    await fixture.close();
  }

  if (values.url) await measure(values.url, values.url, runs);

  if (values.project) {
    const port = await freePort();
    const dataDir = await mkdtemp(join(tmpdir(), "cma-bench-data-"));
    await buildProject(values.project);
    const server = startServerProcess("npm", ["run", "start"], {
      cwd: values.project,
      env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dataDir },
    });
    try {
      await server.waitUntilAnswering(`http://127.0.0.1:${port}/availability`, 60_000);
      await measure(`generated project ${values.project}`, `http://127.0.0.1:${port}`, runs);
    } finally {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  }
}
