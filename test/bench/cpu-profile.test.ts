import { describe, expect, it } from "vitest";
import { formatBreakdown, timeByCategory, type CpuProfile } from "../../bench/cpu-profile.js";

const AGENT = "file:///tmp/agent";
const frames = [
  { functionName: "(idle)", url: "" },
  { functionName: "(garbage collector)", url: "" },
  { functionName: "writev", url: "" },
  {
    functionName: "transition",
    url: `${AGENT}/node_modules/masumi-agent/dist/store/sqlite/sqlite.js`,
  },
  { functionName: "exec", url: `${AGENT}/node_modules/better-sqlite3/lib/methods/wrappers.js` },
  { functionName: "log", url: `${AGENT}/node_modules/masumi-agent/dist/log.js` },
  {
    functionName: "respond",
    url: `${AGENT}/node_modules/masumi-agent/dist/adapters/hono/endpoints.js`,
  },
  { functionName: "dispatch", url: `${AGENT}/node_modules/hono/dist/compose.js` },
  { functionName: "run", url: `${AGENT}/dist/agent.js` },
  { functionName: "emit", url: "node:events" },
  { functionName: "(program)", url: "" },
];

/** A profile with one node per frame above and `us[i]` microseconds of samples in node i. */
function profile(us: number[]): CpuProfile {
  const samples: number[] = [];
  const timeDeltas: number[] = [];
  us.forEach((time, id) => {
    samples.push(id);
    timeDeltas.push(time);
  });
  return { nodes: frames.map((callFrame, id) => ({ id, callFrame })), samples, timeDeltas };
}

describe("a CPU profile by category", () => {
  it("counts each sample's time to the category of the code it was taken in", () => {
    expect(
      timeByCategory([profile([9000, 2000, 3000, 1000, 500, 400, 300, 200, 100, 50, 1000])]),
    ).toEqual([
      { name: "idle (waiting for I/O)", ms: 9 },
      { name: "garbage collection", ms: 2 },
      { name: "socket and file writes (system calls)", ms: 3 },
      { name: "SQLite, PostgreSQL or Redis client", ms: 0.5 },
      { name: "masumi-agent: job store", ms: 1 },
      { name: "masumi-agent: log", ms: 0.4 },
      { name: "masumi-agent: HTTP API and adapter", ms: 0.3 },
      { name: "Hono and @hono/node-server", ms: 0.2 },
      { name: "the project's own code (the agent)", ms: 0.1 },
      { name: "Node.js (http, streams, crypto, timers)", ms: 0.05 },
      { name: "other (V8, native, compiling)", ms: 1 },
    ]);
  });

  it("adds up the profiles of several threads", () => {
    const thread = profile([1000, 3000]);
    expect(timeByCategory([thread, thread])).toEqual([
      { name: "idle (waiting for I/O)", ms: 2 },
      { name: "garbage collection", ms: 6 },
    ]);
  });

  it("prints the busy time only, with each category's share and its time per job", () => {
    const table = formatBreakdown(
      [
        { name: "idle (waiting for I/O)", ms: 1000 },
        { name: "garbage collection", ms: 30 },
        { name: "masumi-agent: job store", ms: 10 },
      ],
      100,
    );
    expect(
      table.split("\n").map((line) => line.split(/\s{2,}/).map((cell) => cell.trim())),
    ).toEqual([
      ["garbage collection", "30 ms", "75.0%", "300.0 us/job"],
      ["masumi-agent: job store", "10 ms", "25.0%", "100.0 us/job"],
      ["busy in all", "40 ms", "100.0%", "400.0 us/job"],
    ]);
  });
});
