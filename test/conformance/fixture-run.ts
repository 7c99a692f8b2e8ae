import { runConformance, type ConformanceOptions } from "../../packages/masumi-agent/src/check/index.js";
import type { ConformanceReport } from "../../packages/masumi-agent/src/check/types.js";
import { startFixture, type FixtureOptions } from "../fixtures/conformance-server/server.js";

/** Starts a fixture server, runs the checker against it, and stops the server again. */
export async function checkFixture(
  fixture: FixtureOptions,
  options: Omit<ConformanceOptions, "baseUrl"> = {},
): Promise<ConformanceReport> {
  const server = await startFixture(fixture);
  try {
    return await runConformance({ jobTimeoutMs: 5_000, ...options, baseUrl: server.url });
  } finally {
    await server.close();
  }
}

/** `id OUTCOME (reason)` per check that did not pass: what a failing assertion should show. */
export function notPassing(report: ConformanceReport): string[] {
  return report.results
    .filter((result) => result.outcome !== "pass")
    .map(
      (result) =>
        `${result.id} ${result.outcome}${result.blockedBy ? ` blocked by ${result.blockedBy}` : ""}: ${result.failure?.message ?? result.reason ?? ""}`,
    );
}
