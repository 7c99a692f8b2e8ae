import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
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
