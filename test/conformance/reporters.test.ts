import { beforeAll, describe, expect, it } from "vitest";
import { jsonReport, junitReport, printReport } from "../../packages/masumi-agent/src/check/index.js";
import type { ConformanceReport } from "../../packages/masumi-agent/src/check/types.js";
import { checkFixture } from "./fixture-run.js";

/** All reporters carry the same records: here from a run with one MUST failure and one SHOULD warning. */
let report: ConformanceReport;

beforeAll(async () => {
  report = await checkFixture({ faults: ["echo-uppercase", "no-camel-input-hash"] });
});

function terminal(color: boolean, verbose = false): string {
  let text = "";
  printReport(report, { write: (chunk: string) => ((text += chunk), true) } as unknown as NodeJS.WritableStream, {
    color,
    verbose,
  });
  return text;
}

describe("the terminal reporter", () => {
  it("prints one aligned line per check, then the summary", () => {
    const lines = terminal(false).split("\n");
    const checkLines = lines.filter((line) => /^[A-Z]{2}-\S+ +(PASS|FAIL|WARN|SKIP)  /.test(line));
    expect(checkLines).toHaveLength(report.results.length);
    expect(new Set(checkLines.map((line) => line.search(/(PASS|FAIL|WARN|SKIP)/))).size).toBe(1);
    expect(checkLines.find((line) => line.startsWith("SJ-echo "))).toMatch(/ FAIL  identifierFromPurchaser echoes/);
    expect(checkLines.find((line) => line.startsWith("SJ-input-hash-camel "))).toMatch(/ WARN  /);
    expect(lines).toContain(`${report.results.length - 2} passed, 1 failed, 1 warnings, 0 skipped`);
  });

  it("explains each failure: requirement, expected and actual, a curl command, a fix", () => {
    const text = terminal(false);
    const block = text.slice(text.indexOf("FAIL SJ-echo"));
    expect(block).toMatch(/requirement: identifierFromPurchaser echoes identifier_from_purchaser/);
    expect(block).toMatch(/expected: +[0-9a-f]{16}\n/);
    expect(block).toMatch(/actual: +[0-9A-F]{16}\n/);
    expect(block).toMatch(/reproduce: +curl -sS -i -X POST 'http:\/\/127\.0\.0\.1:\d+\/start_job'/);
    expect(block).toMatch(/fix: +Answer identifierFromPurchaser/);
    expect(text).toMatch(/WARN SJ-input-hash-camel \(SHOULD/);
  });

  it("colours only when asked to, and shows exchanges when verbose", () => {
    expect(terminal(false)).not.toMatch(/\u001b\[/);
    expect(terminal(true)).toMatch(/\u001b\[31mFAIL/);
    expect(terminal(false, true)).toMatch(/> POST http:\/\/127\.0\.0\.1:\d+\/start_job\n/);
  });
});

describe("the JSON reporter", () => {
  it("carries every record with its exchanges and a reproduction", () => {
    const document = JSON.parse(jsonReport(report));
    expect(document.summary).toEqual(report.summary);
    expect(document.exitCode).toBe(1);
    expect(document.results.map((result: { id: string; outcome: string }) => [result.id, result.outcome])).toEqual(
      report.results.map((result) => [result.id, result.outcome]),
    );
    const echo = document.results.find((result: { id: string }) => result.id === "SJ-echo");
    expect(echo.failure.reproduce).toMatch(/^curl /);
    expect(echo.exchanges[0].response.status).toBe(200);
    expect(echo).toMatchObject({ level: "MUST", ref: expect.stringContaining("start_job"), hint: expect.any(String) });
  });
});

describe("the JUnit reporter", () => {
  it("has one test case per check, a failure for the MUST and the warning as output", () => {
    const xml = junitReport(report);
    expect(xml.match(/<testcase /g)).toHaveLength(report.results.length);
    expect(xml.match(/<failure /g)).toHaveLength(1);
    expect(xml).toMatch(/<testsuites [^>]*tests="\d+" failures="1" skipped="0"/);
    expect(xml).toMatch(/<failure message="identifierFromPurchaser differs from what was sent" type="MUST">/);
    expect(xml).toMatch(/<system-out>WARN \(SHOULD\)/);
    expect(xml).toMatch(/reproduce: curl /);
    // Nothing unescaped: every & starts an entity.
    expect(xml).not.toMatch(/&(?!amp;|lt;|gt;|quot;)/);
  });
});
