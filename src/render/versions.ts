/**
 * The one map of dependency versions that generated projects use. Every package.json the
 * scaffolder writes takes its ranges from here, so an upgrade is one edit.
 * Versions are chosen to run on Node.js 20, 22 and 24.
 */
const VERSIONS = {
  // runtime dependencies
  hono: "^4.13.19",
  "@hono/node-server": "^2.1.9",
  "better-sqlite3": "^12.11.1", // 13 needs Node 22 and crashes on Node 20
  canonicalize: "^2.1.0",
  // development dependencies
  "@types/better-sqlite3": "^7.6.13",
  "@types/node": "^20.19.0",
  tsx: "^4.20.0",
  typescript: "~5.9.3",
  vitest: "^4.1.12",
} as const satisfies Record<string, string>;

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
