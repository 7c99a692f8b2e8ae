import { describe, expect, it } from "vitest";
import { UsageError } from "../../packages/masumi-agent/src/usage-error.js";
import { CATALOGUE } from "../../packages/masumi-agent/src/check/catalogue.js";
import { parsePatterns, selectChecks } from "../../packages/masumi-agent/src/check/select.js";

const ids = (profile: "mip-003" | "seed", only: string[] = [], exclude: string[] = []) =>
  selectChecks(CATALOGUE, profile, only, exclude).map((check) => check.id);

describe("the catalogue", () => {
  it("has unique ids, each with a group prefix, a level, a reference, a description and a hint", () => {
    expect(new Set(CATALOGUE.map((check) => check.id)).size).toBe(CATALOGUE.length);
    for (const check of CATALOGUE) {
      expect(check.id).toMatch(/^(AV|IS|SJ|ST|PI|DM|CC|GL|MK)-[a-z0-9-]+$/);
      expect(["MUST", "SHOULD"]).toContain(check.level);
      for (const text of [check.ref, check.title, check.hint]) expect(text.length).toBeGreaterThan(5);
    }
  });

  it("explains every marketplace check's consequence", () => {
    for (const check of CATALOGUE.filter((entry) => entry.id.startsWith("MK-"))) expect(check.consequence).toBeTruthy();
  });
});

describe("selecting checks", () => {
  it("takes ids and prefixes, case-insensitive, comma- or space-separated", () => {
    expect(parsePatterns(["sj-neg-400,AV-", "st-unknown-id gl-no-5xx"])).toEqual([
      "sj-neg-400",
      "AV-",
      "st-unknown-id",
      "gl-no-5xx",
    ]);
    expect(ids("mip-003", ["av"])).toEqual(["AV-status", "AV-fast"]);
    expect(ids("mip-003", ["sj-neg-400", "MK-registry"])).toEqual(["SJ-neg-400", "MK-registry-online"]);
  });

  it("leaves out what --exclude names, and what the profile does not have", () => {
    expect(ids("mip-003", ["PI-"], ["PI-replay", "PI-hash-forms"])).toEqual([
      "PI-accepts",
      "PI-input-hash",
      "PI-unknown-job",
      "PI-status-id",
      "PI-stale",
      "PI-invalid-input",
    ]);
    expect(ids("seed", ["SJ-seed", "MK-"])).toEqual(["SJ-seed-start"]);
  });

  it("refuses a pattern that matches no check, and a selection that leaves nothing", () => {
    expect(() => ids("mip-003", ["XX-"])).toThrow(UsageError);
    expect(() => ids("mip-003", [], ["SJ-nope"])).toThrow(/no check matches "SJ-nope"/);
    expect(() => ids("seed", ["MK-"])).toThrow(/no check of the seed profile/);
  });
});
