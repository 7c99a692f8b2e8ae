import type { CheckResult, ConformanceReport, Profile, Summary } from "./types.js";

function summarize(results: readonly CheckResult[]): Summary {
  const count = (outcome: CheckResult["outcome"]) => results.filter((result) => result.outcome === outcome).length;
  return { passed: count("pass"), failed: count("fail"), warnings: count("warn"), skipped: count("skip") };
}

export function buildReport(run: {
  baseUrl: string;
  profile: Profile;
  strict: boolean;
  startedAt: Date;
  durationMs: number;
  results: CheckResult[];
}): ConformanceReport {
  const summary = summarize(run.results);
  return {
    baseUrl: run.baseUrl,
    profile: run.profile,
    strict: run.strict,
    startedAt: run.startedAt.toISOString(),
    durationMs: run.durationMs,
    results: run.results,
    summary,
    exitCode: summary.failed > 0 ? 1 : 0,
  };
}

/** The closing line of every reporter: `N passed, N failed, N warnings, N skipped`. */
export function summaryLine(summary: Summary): string {
  return `${summary.passed} passed, ${summary.failed} failed, ${summary.warnings} warnings, ${summary.skipped} skipped`;
}
