import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InvalidArgumentError } from "commander";
import { describe, expect, it } from "vitest";
import { UsageError } from "../../packages/masumi-agent/src/usage-error.js";
import { parseHeaders, parseInput, wholeNumber } from "../../packages/masumi-agent/src/check/flags.js";
import { runConformance } from "../../packages/masumi-agent/src/check/index.js";
import type { Profile } from "../../packages/masumi-agent/src/check/types.js";

describe("options of a run", () => {
  it.each([
    [{ baseUrl: "not a url" }, /is not a URL/],
    [{ baseUrl: "ftp://host" }, /only http and https URLs/],
    [{ baseUrl: "http://host/?q=1" }, /cannot carry a query/],
    [{ baseUrl: "http://host", profile: "v2" as Profile }, /unknown profile "v2"/],
    [{ baseUrl: "http://host", timeoutMs: 0 }, /timeoutMs must be a whole number/],
    [{ baseUrl: "http://host", concurrency: 1.5 }, /concurrency must be a whole number/],
    [{ baseUrl: "http://host", input: [1] }, /input must be a JSON object/],
    [{ baseUrl: "http://host", only: ["nothing"] }, /no check matches "nothing"/],
  ])("refuses %j before sending anything", async (options, message) => {
    await expect(runConformance(options)).rejects.toThrow(UsageError);
    await expect(runConformance(options)).rejects.toThrow(message);
  });
});

describe("flags of the check command", () => {
  it("reads repeated headers into one object with lower-case names", () => {
    expect(parseHeaders(["Token: a:b ", "X-Trace:1"])).toEqual({ token: "a:b", "x-trace": "1" });
    expect(() => parseHeaders(["no colon"])).toThrow(UsageError);
    expect(() => parseHeaders([": empty name"])).toThrow(UsageError);
    expect(() => parseHeaders(["bad name: x"])).toThrow(UsageError);
  });

  it("reads --input as JSON, inline or from @file", async () => {
    const dir = await mkdtemp(join(tmpdir(), "cma-input-"));
    await writeFile(join(dir, "input.json"), '{"text": "hi"}');
    expect(await parseInput('{"a": 1}')).toEqual({ a: 1 });
    expect(await parseInput(`@${join(dir, "input.json")}`)).toEqual({ text: "hi" });
    expect(await parseInput(undefined)).toBeUndefined();
    await expect(parseInput("{oops")).rejects.toThrow(/--input is not valid JSON/);
    await expect(parseInput(`@${join(dir, "missing.json")}`)).rejects.toThrow(/ENOENT/);
  });

  it("takes whole numbers of at least 1", () => {
    expect(wholeNumber("250")).toBe(250);
    for (const bad of ["0", "-1", "1.5", "soon", ""]) expect(() => wholeNumber(bad)).toThrow(InvalidArgumentError);
  });
});
