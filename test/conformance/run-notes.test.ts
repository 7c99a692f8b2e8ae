import { describe, expect, it } from "vitest";
import { printFailures, printReport, summarizeReport } from "../../packages/masumi-agent/src/check/index.js";
import { SERVER_STOPPED, type ConformanceReport } from "../../packages/masumi-agent/src/check/types.js";
import { checkFixture } from "./fixture-run.js";

/** What a report says about the run as a whole: a server that stopped, another profile, a summary line. */

function printed(print: (stream: NodeJS.WritableStream) => void): string {
  let text = "";
  print({ write: (chunk: string) => ((text += chunk), true) } as unknown as NodeJS.WritableStream);
  return text;
}

const terminal = (report: ConformanceReport) => printed((stream) => printReport(report, stream, { color: false }));

describe.concurrent("a run", () => {
  it("in which the server stops answering says so once, first, and blames no check for it", async () => {
    const report = await checkFixture({ dieAfterRequests: 60 });
    expect(report.serverStopped).toMatchObject({ seq: expect.any(Number), error: expect.any(String) });
    const notPassed = report.results.filter((result) => result.outcome !== "pass");
    expect(notPassed.length).toBeGreaterThan(0);
    expect(notPassed.filter((result) => result.blockedBy !== SERVER_STOPPED).map((result) => result.id)).toEqual([]);
    expect(report.summary.failed + report.summary.warnings).toBe(0);
    expect(report.exitCode).toBe(1);
    const text = terminal(report);
    expect(text.match(/The server stopped answering/g)).toHaveLength(1);
    expect(text.indexOf("The server stopped answering")).toBeLessThan(text.indexOf("AV-status"));
    expect(summarizeReport(report)).toMatch(/; the server stopped answering at request #\d+$/);
  });

  it("against a server of the seed API only suggests --profile seed", async () => {
    const report = await checkFixture({ seedOnly: true });
    expect(report.suggestions).toEqual([expect.stringMatching(/--profile seed/)]);
    expect(terminal(report)).toMatch(/^Hint: GET \/input_schema answered 404, but .*--profile seed$/m);
    const conformant = await checkFixture({}, { only: ["IS-one-of"] });
    expect(conformant.suggestions).toEqual([]);
  });

  it("sums up in one line, and prints only what did not pass in full", async () => {
    const report = await checkFixture({ faults: ["echo-uppercase", "no-camel-input-hash"] });
    const { passed, skipped } = report.summary;
    expect(summarizeReport(report)).toBe(`mip-003: ${passed} passed, 1 failed, 1 warnings, ${skipped} skipped`);
    const failures = printed((stream) => printFailures(report, stream, { color: false }));
    expect(failures).toMatch(/^FAIL SJ-echo \(MUST/m);
    expect(failures).toMatch(/^WARN SJ-input-hash-camel \(SHOULD/m);
    expect(failures).not.toMatch(/PASS/);
    const clean = await checkFixture({}, { only: ["AV-"] });
    expect(summarizeReport(clean)).toBe("mip-003: 2 passed, 0 failed, 0 skipped");
    expect(printed((stream) => printFailures(clean, stream))).toBe("");
  });
});
