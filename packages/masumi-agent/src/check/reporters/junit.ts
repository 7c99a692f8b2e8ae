import { curlCommand } from "../curl.js";
import type { CheckResult, ConformanceReport } from "../types.js";

function xml(text: string): string {
  // Characters XML 1.0 cannot carry at all are dropped; the rest is escaped.
  return text
    .replace(/[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "")
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");
}

function failureText(result: CheckResult): string {
  const failure = result.failure!;
  const lines = [
    `requirement: ${result.title} (${result.level}, ${result.ref})`,
    `expected: ${failure.expected}`,
    `actual: ${failure.actual}`,
  ];
  if (result.consequence) lines.push(`marketplace: the marketplace would reject this: ${result.consequence}`);
  if (failure.exchange) lines.push(`reproduce: ${curlCommand(failure.exchange.request)}`);
  lines.push(`fix: ${result.hint}`);
  return lines.join("\n");
}

function testcase(result: CheckResult, profile: string): string {
  const open = `    <testcase classname="conformance.${xml(profile)}.${xml(result.id.split("-")[0]!)}" name="${xml(`${result.id} ${result.title}`)}" time="${(result.durationMs / 1000).toFixed(3)}"`;
  switch (result.outcome) {
    case "pass":
      return `${open}/>`;
    case "skip":
      return `${open}>\n      <skipped message="${xml(result.reason ?? "")}"/>\n    </testcase>`;
    case "fail":
      return `${open}>\n      <failure message="${xml(result.failure!.message)}" type="${result.level}">${xml(failureText(result))}</failure>\n    </testcase>`;
    case "warn":
      // A SHOULD that failed without --strict does not fail the run: shown as output of a passing case.
      return `${open}>\n      <system-out>${xml(`WARN (SHOULD): ${result.failure!.message}\n${failureText(result)}`)}</system-out>\n    </testcase>`;
  }
}

/** The report as JUnit XML: one test case per check, failures with expected, actual and curl. */
export function junitReport(report: ConformanceReport): string {
  const { summary } = report;
  const tests = report.results.length;
  const time = (report.durationMs / 1000).toFixed(3);
  const name = xml(`create-masumi-agent check ${report.baseUrl} (${report.profile})`);
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="${name}" tests="${tests}" failures="${summary.failed}" skipped="${summary.skipped}" time="${time}">`,
    `  <testsuite name="${name}" tests="${tests}" failures="${summary.failed}" errors="0" skipped="${summary.skipped}" time="${time}" timestamp="${report.startedAt}">`,
    ...report.results.map((result) => testcase(result, report.profile)),
    `  </testsuite>`,
    `</testsuites>`,
    "",
  ].join("\n");
}
