import type { Runtime } from "../options.js";

/**
 * The one map of dependency versions that generated projects use. Every package.json the
 * scaffolder writes takes its ranges from here, so an upgrade is one edit.
 * Versions are chosen to run on Node.js 20, 22 and 24.
 */
const VERSIONS = {
  // runtime dependencies
  hono: "^4.13.19",
  "@hono/node-server": "^2.1.9",
  express: "^5.2.1",
  fastify: "^5.12.8",
  "better-sqlite3": "^12.11.1", // 13 needs Node 22 and crashes on Node 20
  pg: "^8.23.1",
  ioredis: "^5.9.2", // 6 is a fresh major; 5 is the long-proven line
  // agent frameworks (--agent), on the lines that still run on Node 20: AI SDK 7, openai 7 (under
  // @openai/agents from 0.15) and @langchain/openai from 1.5.9 declare Node 22 and later.
  ai: "^6.0.333",
  "@ai-sdk/openai": "^3.0.141",
  "@ai-sdk/anthropic": "^3.0.140",
  "@langchain/langgraph": "^1.7.3",
  "@langchain/core": "^1.4.0",
  "@langchain/openai": "1.5.8",
  "@langchain/anthropic": "^1.5.11",
  "@openai/agents": "~0.14.3",
  openai: "^6.46.0",
  zod: "^4.6.7",
  // development dependencies
  "@types/bun": "^1.4.5",
  "@types/express": "^5.0.6",
  "@types/node": "^20.19.0",
  tsx: "^4.20.0",
  typescript: "~5.9.3",
  vitest: "^4.1.12",
  // vitest's own, pinned: vite 8.4.0 lists an optional dependency that the registry does not
  // have; `npm install` skips it, but then `npm ci` refuses the lockfile and `deno install` fails.
  vite: "~8.3.8",
} as const satisfies Record<string, string>;

/**
 * The Node versions a generated Node project declares (package.json "engines"): 20.12 is the
 * oldest Node the project runs on (SQLite through better-sqlite3 there); a SQLite project made
 * without better-sqlite3 uses node:sqlite, which Node has without a flag from 22.13.
 */
export const NODE_ENGINES = { builtinSqlite: ">=22.13", withBetterSqlite3: ">=20.12" } as const;

/** Whether a Node version has node:sqlite without a flag (22.13 and later). */
export function hasNodeSqlite(nodeVersion: string): boolean {
  const [major = 0, minor = 0] = nodeVersion.replace(/^v/, "").split(".").map(Number);
  return major > 22 || (major === 22 && minor >= 13);
}

/**
 * The official images a generated Dockerfile builds and runs on, per runtime: Node's active LTS
 * (its full image has the compiler a native module may need; the slim one runs the agent), and
 * the Bun and Deno versions this repository tests with.
 */
const IMAGES = {
  node: { build: "node:24-bookworm", run: "node:24-bookworm-slim" },
  bun: { build: "oven/bun:1.4", run: "oven/bun:1.4-slim" },
  deno: { build: "denoland/deno:2.9.6", run: "denoland/deno:2.9.6" },
} as const satisfies Record<Runtime, { build: string; run: string }>;

export function containerImage(runtime: Runtime): { build: string; run: string } {
  return IMAGES[runtime];
}

export type DependencyName = keyof typeof VERSIONS;

/** The version range of a dependency; throws for a package that is not in the map. */
export function dependencyVersion(name: string): string {
  const version = (VERSIONS as Record<string, string>)[name];
  if (version === undefined) {
    throw new Error(`No version is pinned for "${name}": add it to src/render/versions.ts`);
  }
  return version;
}

/** Builds a dependencies object for the given package names, sorted by name. */
export function dependencyRanges(names: readonly string[]): Record<string, string> {
  return Object.fromEntries([...names].sort().map((name) => [name, dependencyVersion(name)]));
}
