import type { RunOutcome } from "./runner.js";
import type { CheckResult, ConformanceReport, Profile, Summary } from "./types.js";

function summarize(results: readonly CheckResult[]): Summary {
  const count = (outcome: CheckResult["outcome"]) => results.filter((result) => result.outcome === outcome).length;
  return { passed: count("pass"), failed: count("fail"), warnings: count("warn"), skipped: count("skip") };
}

export function buildReport(
  run: RunOutcome & { baseUrl: string; profile: Profile; strict: boolean; startedAt: Date; durationMs: number },
): ConformanceReport {
  const summary = summarize(run.results);
  return {
    baseUrl: run.baseUrl,
    profile: run.profile,
    strict: run.strict,
    startedAt: run.startedAt.toISOString(),
    durationMs: run.durationMs,
    results: run.results,
    summary,
    ...(run.serverStopped ? { serverStopped: run.serverStopped } : {}),
    suggestions: run.suggestions,
    exitCode: summary.failed > 0 || run.serverStopped ? 1 : 0,
  };
}

/** The closing line of every reporter: `N passed, N failed, N warnings, N skipped`. */
export function summaryLine(summary: Summary): string {
  return `${summary.passed} passed, ${summary.failed} failed, ${summary.warnings} warnings, ${summary.skipped} skipped`;
}

/**
 * One line per run, for callers that check several profiles in a row:
 * `mip-003: 70 passed, 0 failed, 3 skipped` (warnings, and a stopped server, only when there are).
 */
export function summarizeReport(report: ConformanceReport): string {
  const { passed, failed, warnings, skipped } = report.summary;
  const counts = [
    `${passed} passed`,
    `${failed} failed`,
    ...(warnings > 0 ? [`${warnings} warnings`] : []),
    `${skipped} skipped`,
  ];
  const stopped = report.serverStopped ? `; the server stopped answering at request #${report.serverStopped.seq}` : "";
  return `${report.profile}: ${counts.join(", ")}${stopped}`;
}
