import { describe, expect, it } from "vitest";
import { BARE, FASTAPI } from "../../bench/anchors.js";
import type { EndpointResult } from "../../bench/load.js";
import { againstFastApi, formatJobCost, type ServerResult } from "../../bench/server.js";

function startJob(requestsPerSecond: number, extra: Partial<EndpointResult> = {}): EndpointResult {
  return {
    endpoint: "POST /start_job",
    requestsPerSecond,
    p50Ms: 1,
    p99Ms: 1,
    non2xx: 0,
    errors: 0,
    ...extra,
  };
}

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

describe("one store's starts against another's in the server bench", () => {
  /** A row of rounds: our starts/s and the FastAPI stack's right before, per round. */
  const row = (name: string, rounds: [ours: number, fastApi: number][]): ServerResult => ({
    name,
    endpoints: [],
    rounds: rounds.map(([ours, fastApi]) => ({
      anchors: { fastApiStartJobPerSecond: fastApi },
      endpoints: [startJob(ours)],
    })),
  });

  it("compares each with the FastAPI stack in its own rounds, not the raw figures of different moments", () => {
    // SQLite ran on a fast machine (1.7x FastAPI), PostgreSQL later on one half as fast (0.9x).
    const sqlite = row("node+hono/sqlite", [
      [9000, 5000],
      [8500, 5000],
      [10200, 6000],
    ]);
    const postgres = row("node+hono/postgres", [
      [2700, 3000],
      [2400, 3000],
      [3000, 3000],
    ]);
    expect(againstFastApi(postgres, sqlite)).toBeCloseTo(0.9 / 1.7, 5);
    expect(againstFastApi(postgres, row("node+hono/sqlite", []))).toBeUndefined();
  });
});
