import { describe, expect, it } from "vitest";
import { PUBLISHED_LIBRARY } from "../../src/render/library.js";
import { buildPackageJson } from "../../src/render/package-json.js";
import { renderTree } from "../../src/render/render-tree.js";
import { dependencyRanges, dependencyVersion, hasNodeSqlite } from "../../src/render/versions.js";
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

describe("SQLite on Node: node:sqlite where the CLI's Node has it, better-sqlite3 before", () => {
  const sqliteStack = supportedStacks().find((stack) => stack.runtime === "node" && stack.persistence === "sqlite");
  const memoryStack = supportedStacks().find((stack) => stack.runtime === "node" && stack.persistence === "memory");
  if (!sqliteStack || !memoryStack) throw new Error("no Node stack with SQLite or memory");

  it("tells which Node versions have node:sqlite without a flag", () => {
    expect(["20.20.2", "22.12.0", "v22.5.1"].map(hasNodeSqlite)).toEqual([false, false, false]);
    expect(["22.13.0", "v22.21.1", "23.0.0", "24.21.0", "26.1.0"].map(hasNodeSqlite)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
  });

  it("keeps better-sqlite3, allowed to build, and Node 20.12 on a Node without node:sqlite", () => {
    const pkg = buildPackageJson(sqliteStack, PUBLISHED_LIBRARY, { builtinSqlite: false }) as Record<string, any>;
    expect(pkg.dependencies["better-sqlite3"]).toBe(dependencyVersion("better-sqlite3"));
    expect(pkg.engines).toEqual({ node: ">=20.12" });
    expect(pkg.allowScripts).toEqual({ "better-sqlite3": true, esbuild: true });
  });

  it("drops better-sqlite3 and declares Node 22.13 on a Node with node:sqlite", () => {
    const pkg = buildPackageJson(sqliteStack, PUBLISHED_LIBRARY, { builtinSqlite: true }) as Record<string, any>;
    expect(pkg.dependencies).not.toHaveProperty("better-sqlite3");
    expect(pkg.engines).toEqual({ node: ">=22.13" });
    expect(pkg.allowScripts).toEqual({ esbuild: true });
  });

  it("keeps Node 20.12 for a project that needs no SQLite", () => {
    const pkg = buildPackageJson(memoryStack, PUBLISHED_LIBRARY, { builtinSqlite: true }) as Record<string, any>;
    expect(pkg.engines).toEqual({ node: ">=20.12" });
  });

  it("says in the README which SQLite the project uses", async () => {
    const builtin = (await renderTree(sqliteStack, { node: { builtinSqlite: true } })).get("README.md") ?? "";
    const native = (await renderTree(sqliteStack, { node: { builtinSqlite: false } })).get("README.md") ?? "";
    expect(builtin).toContain("It runs on Node.js >=22.13");
    expect(builtin).toMatch(/SQLite is `node:sqlite`, built into Node from 22\.13/);
    expect(native).toContain("It runs on Node.js >=20.12");
    expect(native).toMatch(/SQLite is `better-sqlite3`, which compiles a native module/);
  });
});
