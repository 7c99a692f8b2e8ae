import { describe, expect, it } from "vitest";
import { PUBLISHED_LIBRARY } from "../../src/render/library.js";
import { buildPackageJson } from "../../src/render/package-json.js";
import { dependencyRanges, dependencyVersion } from "../../src/render/versions.js";
import { supportedStacks } from "../../src/stack/combinations.js";

describe("dependency version map", () => {
  it("throws for a package it does not pin", () => {
    expect(() => dependencyVersion("left-pad")).toThrow(/No version is pinned for "left-pad"/);
    expect(() => dependencyRanges(["hono", "left-pad"])).toThrow(/left-pad/);
  });

  it("keeps better-sqlite3 on major 12, which runs on Node 20", () => {
    expect(dependencyVersion("better-sqlite3")).toMatch(/^\^12\./);
  });

  it("builds every supported stack's package.json from pinned ranges only", () => {
    for (const stack of supportedStacks()) {
      const pkg = buildPackageJson(stack, PUBLISHED_LIBRARY) as Record<string, Record<string, string>>;
      // masumi-agent is the CLI's own version, not a pinned range.
      expect(pkg.dependencies?.["masumi-agent"]).toBe(PUBLISHED_LIBRARY.version);
      for (const section of ["dependencies", "devDependencies"] as const) {
        for (const [name, range] of Object.entries(pkg[section] ?? {})) {
          if (name === "masumi-agent") continue;
          expect(range).toBe(dependencyVersion(name));
        }
      }
      expect(pkg.scripts).toMatchObject({ dev: expect.any(String), start: expect.any(String), test: expect.any(String) });
    }
  });
});
