import type { StackOptions } from "../options.js";
import { dependencyRanges } from "./versions.js";
import { CLI_VERSION } from "../version.js";

/** The dependencies a stack needs, by package name; versions come from the version map. */
function dependencyNames(stack: StackOptions): { dependencies: string[]; devDependencies: string[] } {
  const dependencies = ["canonicalize", "tsx"];
  const devDependencies = ["@types/node", "typescript", "vitest"];
  if (stack.framework === "hono") dependencies.push("hono", "@hono/node-server");
  if (stack.persistence === "sqlite") {
    dependencies.push("better-sqlite3");
    devDependencies.push("@types/better-sqlite3");
  }
  return { dependencies, devDependencies };
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
  };
}
