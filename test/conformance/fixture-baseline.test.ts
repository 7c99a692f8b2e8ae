import { describe, expect, it } from "vitest";
import { checkFixture, notPassing } from "./fixture-run.js";

/** The fixture without faults is conformant: every check passes, in every variant and profile. */
describe.concurrent("a conformant server", () => {
  it.each([
    ["paid, mip-003", {}, "mip-003"],
    ["paid, seed", {}, "seed"],
    ["free, seed", { payment: "free" }, "seed"],
    ["seed API only, seed", { seedOnly: true }, "seed"],
    ["input groups", { groups: true }, "mip-003"],
    ["under a path prefix", { prefix: "/agents/fixture" }, "mip-003"],
  ] as const)("passes every check: %s", async (_, fixture, profile) => {
    const report = await checkFixture(fixture, { profile });
    expect(notPassing(report)).toEqual([]);
    expect(report.exitCode).toBe(0);
  });

  it("counts as free when a start without identifier_from_purchaser succeeds, and skips the paid checks saying so", async () => {
    const report = await checkFixture({ payment: "free" });
    const skipped = report.results.filter((result) => result.outcome === "skip");
    expect(skipped.map((result) => result.id)).toEqual([
      "SJ-times-integers",
      "SJ-times-order",
      "SJ-neg-no-identifier",
      "SJ-neg-identifier-format",
      "MK-start-fields",
      "MK-start-v2",
    ]);
    for (const result of skipped) expect(result.reason).toMatch(/^free agent/);
    expect(report.results.filter((result) => result.outcome === "fail" || result.outcome === "warn")).toEqual([]);
  });

  it("skips the input checks, saying why, when no job ever asks for input: not being able to get there is no failure", async () => {
    const report = await checkFixture({ neverAsksForInput: true });
    const skipped = report.results.filter((result) => result.outcome === "skip");
    expect(skipped.map((result) => result.id)).toEqual([
      "ST-input-schema-valid",
      "PI-accepts",
      "PI-input-hash",
      "PI-hash-forms",
      "PI-status-id",
      "PI-stale",
      "PI-invalid-input",
      "PI-replay",
      "MK-awaiting-input-schema",
    ]);
    for (const result of skipped) {
      expect(result.reason).toMatch(/no job reached awaiting_input/);
      expect(result.blockedBy).toBeUndefined();
    }
    expect(report.summary.failed + report.summary.warnings).toBe(0);
    expect(report.exitCode).toBe(0);
  });
});
