import type { StackOptions } from "../options.js";
import { PAID_SCRIPTS } from "../stack/commands.js";
import { agentDependencies } from "./agent-kinds.js";
import type { LibrarySource } from "./library.js";
import { dependencyRanges, hasNodeSqlite, NODE_ENGINES } from "./versions.js";

/**
 * What the generated project may count on from Node: with node:sqlite it drops better-sqlite3 (no
 * compiler, no native module) and declares Node 22.13 and later. Decided by the Node that runs the
 * CLI, the one the author is about to run the project with; injectable so renders are reproducible.
 */
export interface NodeTarget {
  builtinSqlite: boolean;
}

export const RUNNING_NODE: NodeTarget = { builtinSqlite: hasNodeSqlite(process.versions.node) };

/** Whether a Node project keeps its jobs with node:sqlite, and so needs Node 22.13 or later. */
export function usesNodeSqlite(stack: StackOptions, node: NodeTarget = RUNNING_NODE): boolean {
  return stack.runtime === "node" && stack.persistence === "sqlite" && node.builtinSqlite;
}

/** The Node versions a Node project declares in "engines". */
export function nodeEngine(stack: StackOptions, node: NodeTarget = RUNNING_NODE): string {
  return usesNodeSqlite(stack, node) ? NODE_ENGINES.builtinSqlite : NODE_ENGINES.withBetterSqlite3;
}

/**
 * The dependencies a stack needs besides masumi-agent, by package name; versions come from the
 * version map. The library holds the protocol; its optional peers are what the chosen framework
 * and store need. Node compiles TypeScript with tsc and runs the JavaScript, with tsx for `dev`
 * only (a development dependency: nothing of it runs in production); Bun runs it natively (tsc
 * checks it, with Bun's types); Deno runs and checks it itself.
 */
export function dependencyNames(
  stack: StackOptions,
  node: NodeTarget = RUNNING_NODE,
): { dependencies: string[]; devDependencies: string[] } {
  const dependencies: string[] = [];
  const devDependencies = ["vitest", "vite"];
  if (stack.runtime === "node") devDependencies.push("@types/node", "tsx", "typescript");
  if (stack.runtime === "bun") devDependencies.push("@types/bun", "typescript");
  if (stack.framework === "hono") {
    dependencies.push("hono");
    // Bun serves a fetch handler itself; Node and Deno serve it with node:http through the adapter.
    if (stack.runtime !== "bun") dependencies.push("@hono/node-server");
  }
  if (stack.framework === "express") {
    dependencies.push("express");
    devDependencies.push("@types/express");
  }
  if (stack.framework === "fastify") dependencies.push("fastify");
  // Bun and Deno have SQLite built in (bun:sqlite, node:sqlite), and so has Node from 22.13.
  if (stack.persistence === "sqlite" && stack.runtime === "node" && !usesNodeSqlite(stack, node)) {
    dependencies.push("better-sqlite3");
  }
  if (stack.persistence === "postgres") dependencies.push("pg");
  if (stack.persistence === "redis") dependencies.push("ioredis");
  dependencies.push(...agentDependencies(stack.agent));
  return { dependencies, devDependencies };
}

/** The range of masumi-agent in package.json: the CLI's own version, or the checkout's tarball. */
export function librarySpecifier(library: LibrarySource): string {
  return library.kind === "registry" ? library.version : `file:${library.tarball}`;
}

/**
 * Packages of the stack whose install scripts must run: better-sqlite3 compiles its native
 * module, esbuild (under tsx and vitest) sets up its binary.
 */
export function packagesWithBuilds(stack: StackOptions, node: NodeTarget = RUNNING_NODE): string[] {
  return dependencyNames(stack, node).dependencies.includes("better-sqlite3")
    ? ["better-sqlite3", "esbuild"]
    : ["esbuild"];
}

/**
 * Lets those install scripts run, in the field the chosen package manager reads: recent npm and
 * pnpm skip dependencies' install scripts unless allowed, and bun runs only trusted ones.
 */
function buildPermissions(stack: StackOptions, node: NodeTarget): Record<string, unknown> {
  const names = packagesWithBuilds(stack, node);
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

/** The project's own checker (masumi-agent's bin) against the agent `dev` or `start` runs. */
const CHECK_SCRIPT = "masumi-agent check http://localhost:3000";

/** The payment-service simulator and listing the agent (masumi-agent's bin), for Masumi payment. */
function paidScripts(stack: StackOptions): Record<string, string> {
  if (stack.payment !== "masumi") return {};
  return Object.fromEntries(
    Object.entries(PAID_SCRIPTS).map(([script, command]) => [script, `masumi-agent ${command}`]),
  );
}

/**
 * `build` compiles src/ to dist/ (tsconfig.build.json) and `start` runs that JavaScript with Node
 * alone, as a container does; `dev` runs the TypeScript through tsx and restarts on change.
 */
function nodeScripts(): Record<string, string> {
  return {
    build: "tsc -p tsconfig.build.json",
    dev: "tsx watch src/main.ts",
    start: "node dist/main.js",
    test: "vitest run",
    typecheck: "tsc --noEmit",
    check: CHECK_SCRIPT,
  };
}

/** Bun runs the TypeScript itself; `--bun` runs vitest on Bun too, where bun:sqlite exists. */
function bunScripts(): Record<string, string> {
  return {
    dev: "bun --watch src/main.ts",
    start: "bun src/main.ts",
    test: "bun --bun vitest run",
    typecheck: "tsc --noEmit",
    check: CHECK_SCRIPT,
  };
}

/**
 * By code point, as dependencyRanges sorts: localeCompare's first call loads the collation data,
 * which took a tenth of a `--yes` run.
 */
function sortedByName(entries: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(entries).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
}

/** The generated project's package.json, built as an object (never a template). */
export function buildPackageJson(
  stack: StackOptions,
  library: LibrarySource,
  node: NodeTarget = RUNNING_NODE,
): Record<string, unknown> {
  const { dependencies, devDependencies } = dependencyNames(stack, node);
  return {
    name: stack.projectName,
    version: "0.1.0",
    private: true,
    type: "module",
    ...(stack.runtime === "node" ? { engines: { node: nodeEngine(stack, node) } } : {}),
    scripts: {
      ...(stack.runtime === "bun" ? bunScripts() : nodeScripts()),
      ...paidScripts(stack),
    },
    dependencies: sortedByName({
      "masumi-agent": librarySpecifier(library),
      ...dependencyRanges(dependencies),
    }),
    devDependencies: dependencyRanges(devDependencies),
    ...buildPermissions(stack, node),
  };
}
