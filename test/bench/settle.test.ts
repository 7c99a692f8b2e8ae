import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { BARE, FASTAPI } from "../../bench/anchors.js";
import { formatJobCost, type ServerResult } from "../../bench/server.js";
import { settledSample, waitUntilSettled, type CpuSample } from "../../bench/settle.js";

const RULE = { quietMs: 1_000, busyShare: 0.1 };

/** Samples every 100 ms from 0, with the CPU seconds used in each stretch before them. */
function samples(shares: number[]): CpuSample[] {
  let cpuSeconds = 5;
  return [
    { atMs: 0, cpuSeconds },
    ...shares.map((share, index) => ({
      atMs: (index + 1) * 100,
      cpuSeconds: (cpuSeconds += share / 10),
    })),
  ];
}

describe("a server settling after a load", () => {
  it("is settled at the end of its last busy stretch once quiet for long enough after it", () => {
    const busyThenQuiet = samples([1, 1, 0.5, 0.05, ...Array(10).fill(0)]);
    expect(settledSample(busyThenQuiet, RULE)).toEqual(busyThenQuiet[3]);
  });

  it("is not settled while the quiet after the last busy stretch is shorter than the rule", () => {
    expect(settledSample(samples([1, 1, ...Array(9).fill(0)]), RULE)).toBeUndefined();
    // A stretch of work after a pause (the payments' runs) starts the quiet over.
    expect(
      settledSample(samples([1, ...Array(8).fill(0), 0.6, ...Array(5).fill(0)]), RULE),
    ).toBeUndefined();
  });

  it("counts work below the busy share as quiet, and a server never busy as settled where the wait began", () => {
    const idle = samples(Array(10).fill(0.05));
    expect(settledSample(idle, RULE)).toEqual(idle[0]);
  });

  it("waits for a real process's work to end and reads its CPU time until then", async () => {
    // Busy for 600 ms of CPU, then idle until killed.
    const child = spawn(process.execPath, [
      "-e",
      "const end = Date.now() + 600; while (Date.now() < end); setInterval(() => {}, 1000);",
    ]);
    try {
      const settled = await waitUntilSettled(child.pid!, {
        rule: { quietMs: 500, busyShare: 0.1 },
        timeoutMs: 20_000,
      });
      expect(settled.cpuSeconds).toBeGreaterThanOrEqual(0.4);
      expect(settled.afterLoadS).toBeGreaterThan(0.2);
    } finally {
      child.kill();
    }
  });
});

describe("the cost of a started job in the server bench", () => {
  const row = (name: string, cpuUsPerJob?: number): ServerResult => ({
    name,
    endpoints: [
      {
        endpoint: "POST /start_job",
        requestsPerSecond: 1,
        p50Ms: 1,
        p99Ms: 1,
        non2xx: 0,
        errors: 0,
        ...(cpuUsPerJob === undefined ? {} : { cpuUsPerJob }),
      },
    ],
  });

  it("prints each measured server's CPU per job, the jobs one core carries, and how it compares with FastAPI's", () => {
    const line = formatJobCost([
      row(FASTAPI, 200),
      row(BARE, 40),
      row("node+hono/sqlite", 300),
      row("node+hono/redis"),
    ]);
    expect(line).toBe(
      "CPU per started job, its lifecycle included (load, then until the server is quiet; " +
        "the server process only, not PostgreSQL's or Redis's): " +
        "FastAPI stack 200 us (5000 jobs/s per core); bare node:http 40 us (25000 jobs/s per core, 0.20x FastAPI's); " +
        "node+hono/sqlite 300 us (3333 jobs/s per core, 1.50x FastAPI's)",
    );
    expect(formatJobCost([row("node+hono/redis")])).toBeUndefined();
  });
});
