import type { StackOptions } from "../options.js";
import { dependencyRanges } from "./versions.js";
import { CLI_VERSION } from "../version.js";

/** The dependencies a stack needs, by package name; versions come from the version map. */
function dependencyNames(stack: StackOptions): { dependencies: string[]; devDependencies: string[] } {
  const dependencies = ["canonicalize", "tsx"];
  const devDependencies = ["@types/node", "typescript", "vitest"];
  if (stack.framework === "hono") {
    dependencies.push("hono");
    // Bun and Deno serve a fetch handler themselves; Node needs the adapter.
    if (stack.runtime === "node") dependencies.push("@hono/node-server");
  }
  if (stack.persistence === "sqlite") {
    dependencies.push("better-sqlite3");
    devDependencies.push("@types/better-sqlite3");
  }
  return { dependencies, devDependencies };
}

/**
 * Packages of the stack whose install scripts must run: better-sqlite3 compiles its native
 * module, esbuild (under tsx) sets up its binary.
 */
function packagesWithBuilds(stack: StackOptions): string[] {
  return stack.persistence === "sqlite" ? ["better-sqlite3", "esbuild"] : ["esbuild"];
}

/**
 * Lets those install scripts run, in the field the chosen package manager reads: recent npm and
 * pnpm skip dependencies' install scripts unless allowed, and bun runs only trusted ones.
 */
function buildPermissions(stack: StackOptions): Record<string, unknown> {
  const names = packagesWithBuilds(stack);
  switch (stack.packageManager) {
    case "npm":
      return { allowScripts: Object.fromEntries(names.map((name) => [name, true])) };
    case "pnpm":
      return { pnpm: { onlyBuiltDependencies: names } };
    case "bun":
      return { trustedDependencies: names };
    default:
      return {};
  }
}

/** The generated project's package.json, built as an object (never a template). */
export function buildPackageJson(stack: StackOptions): Record<string, unknown> {
  const { dependencies, devDependencies } = dependencyNames(stack);
  return {
    name: stack.projectName,
    version: "0.1.0",
    private: true,
    type: "module",
    engines: { node: ">=20.12" },
    scripts: {
      dev: "tsx watch src/main.ts",
      start: "tsx src/main.ts",
      test: "vitest run",
      typecheck: "tsc --noEmit",
      check: `npx --yes create-masumi-agent@^${CLI_VERSION} check http://localhost:3000`,
    },
    dependencies: dependencyRanges(dependencies),
    devDependencies: dependencyRanges(devDependencies),
    ...buildPermissions(stack),
  };
}
