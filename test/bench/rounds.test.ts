import { describe, expect, it } from "vitest";
import type { EndpointResult } from "../../bench/load.js";
import {
  combineRounds,
  formatRatio,
  medianRatio,
  roundRatios,
  type Round,
} from "../../bench/rounds.js";

function endpoint(requestsPerSecond: number, extra: Partial<EndpointResult> = {}): EndpointResult {
  return {
    endpoint: "GET /status",
    requestsPerSecond,
    p50Ms: requestsPerSecond / 100,
    p99Ms: 1,
    non2xx: 0,
    errors: 0,
    ...extra,
  };
}

const rounds: Round[] = [
  {
    anchors: { bareRequestsPerSecond: 400 },
    endpoints: [endpoint(100, { cpuUsPerRequest: 50, cpuUsPerJob: 90, settleS: 2, non2xx: 2 })],
  },
  {
    anchors: { bareRequestsPerSecond: 1000, fastApiStartJobPerSecond: 7 },
    endpoints: [endpoint(300, { cpuUsPerRequest: 70, cpuUsPerJob: 110, settleS: 5 })],
  },
  { anchors: { bareRequestsPerSecond: 500 }, endpoints: [endpoint(200, { errors: 1 })] },
];

describe("server bench rounds", () => {
  it("takes each figure's median over the rounds that measured it, and sums the failures", () => {
    const combined = combineRounds(rounds);
    expect(combined.bareRequestsPerSecond).toBe(500);
    expect(combined.fastApiStartJobPerSecond).toBe(7);
    expect(combined.bareHonoRequestsPerSecond).toBeUndefined();
    expect(combined.endpoints).toEqual([
      {
        endpoint: "GET /status",
        requestsPerSecond: 200,
        p50Ms: 2,
        p99Ms: 1,
        non2xx: 2,
        errors: 1,
        cpuUsPerRequest: 60,
        cpuUsPerJob: 100,
        settleS: 3.5,
      },
    ]);
  });

  it("compares ours with an anchor within each round, not median with median", () => {
    const ratios = roundRatios(rounds, "GET /status", "bareRequestsPerSecond");
    expect(ratios).toEqual([0.25, 0.3, 0.4]);
    // The medians' ratio would be 200 / 500 = 0.40x.
    expect(formatRatio(ratios)).toBe("0.30x (0.25-0.40)");
    expect(medianRatio(rounds, "GET /status", "bareRequestsPerSecond")).toBe(0.3);
  });

  it("leaves out rounds without the anchor, and prints one round without a range", () => {
    const ratios = roundRatios(rounds, "GET /status", "fastApiStartJobPerSecond");
    expect(ratios).toHaveLength(1);
    expect(formatRatio(ratios)).toBe("42.86x");
    expect(formatRatio([])).toBe("");
  });
});
