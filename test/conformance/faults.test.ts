import { describe, expect, it } from "vitest";
import { CATALOGUE } from "../../packages/masumi-agent/src/check/catalogue.js";
import { FAULTS, type FaultId } from "../fixtures/conformance-server/faults.js";
import { checkFixture, notPassing } from "./fixture-run.js";

/**
 * Every check is proven able to fail: for each fault of the fixture server, exactly the check
 * it targets fails (or warns, for a SHOULD), and every other check passes, or is skipped
 * because the target failed (blocked by it).
 */

const faults = Object.entries(FAULTS) as [FaultId, (typeof FAULTS)[FaultId]][];

describe("the fault catalogue", () => {
  it.each(CATALOGUE.map((check) => [check.id]))("has a fault that breaks %s", (id) => {
    expect(faults.filter(([, fault]) => fault.breaks === id).map(([name]) => name)).not.toEqual([]);
  });

  it.each(faults)("fault %s targets a check of its profile", (_, fault) => {
    const target = CATALOGUE.find((check) => check.id === fault.breaks);
    expect(target?.profiles).toContain("profile" in fault ? fault.profile : "mip-003");
  });
});

describe.concurrent("each fault breaks exactly its check", () => {
  it.each(faults)("%s", async (id, fault) => {
    const report = await checkFixture(
      { faults: [id], ...("variant" in fault ? fault.variant : {}) },
      { profile: "profile" in fault ? fault.profile : "mip-003" },
    );
    const target = report.results.find((result) => result.id === fault.breaks);
    const expected = target?.level === "SHOULD" ? "warn" : "fail";
    const unexpected = report.results.filter(
      (result) =>
        result.id !== fault.breaks &&
        result.outcome !== "pass" &&
        !(result.outcome === "skip" && result.blockedBy === fault.breaks),
    );
    expect(target?.outcome, notPassing(report).join("\n")).toBe(expected);
    expect(
      unexpected.map((result) => result.id),
      notPassing(report).join("\n"),
    ).toEqual([]);
  });
});
