import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa, type ResultPromise } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CATALOGUE } from "../../packages/masumi-agent/src/check/catalogue.js";
import { freePort } from "../../src/process/free-port.js";
import { startFixture, type Fixture } from "../fixtures/conformance-server/server.js";

/** `check` as a user runs it: a child process, its output and its exit code. */

const TSX = fileURLToPath(new URL("../../node_modules/.bin/tsx", import.meta.url));
const ENTRY = fileURLToPath(new URL("./check-entry.ts", import.meta.url));
const FIXTURE_MAIN = fileURLToPath(new URL("../fixtures/conformance-server/main.ts", import.meta.url));

function check(args: string[]): ResultPromise<{ reject: false; timeout: number }> {
  return execa(TSX, [ENTRY, "check", ...args], { reject: false, timeout: 60_000, env: { NO_COLOR: "1" } });
}

async function isListening(port: number): Promise<boolean> {
  try {
    await fetch(`http://127.0.0.1:${port}/availability`);
    return true;
  } catch {
    return false;
  }
}

let conformant: Fixture;
let broken: Fixture;
beforeAll(async () => {
  [conformant, broken] = await Promise.all([
    startFixture(),
    startFixture({ faults: ["echo-uppercase", "no-camel-input-hash"] }),
  ]);
});
afterAll(() => Promise.all([conformant.close(), broken.close()]));

describe.concurrent("create-masumi-agent check", () => {
  it("exits 0 when every check passes", async () => {
    const run = await check([conformant.url]);
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(
      new RegExp(
        `^${CATALOGUE.filter((entry) => entry.profiles.includes("mip-003")).length} passed, 0 failed, 0 warnings, 0 skipped$`,
        "m",
      ),
    );
  });

  it("exits 1 when a MUST check fails, and explains the failure", async () => {
    const run = await check([broken.url]);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(/^SJ-echo +FAIL  /m);
    expect(run.stdout).toMatch(/^FAIL SJ-echo \(MUST/m);
    expect(run.stdout).toMatch(/reproduce: +curl /);
  });

  it("only warns on a SHOULD failure, unless --strict", async () => {
    const lenient = await check([broken.url, "--only", "SJ-input-hash-camel"]);
    const strict = await check([broken.url, "--only", "SJ-input-hash-camel", "--strict"]);
    expect([lenient.exitCode, strict.exitCode]).toEqual([0, 1]);
    expect(lenient.stdout).toMatch(/0 passed, 0 failed, 1 warnings, 0 skipped/);
    expect(strict.stdout).toMatch(/0 passed, 1 failed, 0 warnings, 0 skipped/);
  });

  it("exits 2 when the server cannot be reached, saying why", async () => {
    const port = await freePort();
    const run = await check([`http://127.0.0.1:${port}`]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toBe(`error: cannot reach http://127.0.0.1:${port}: connection refused by 127.0.0.1:${port}`);
  });

  it("suggests the URL meant when the scheme is missing, in one line, exit 2", async () => {
    const run = await check(["localhost:4000"]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toBe('error: "localhost:4000" has no scheme: did you mean http://localhost:4000 ?');
  });

  it("ends quietly when the reader of --json stops reading (check --json | head)", async () => {
    const run = await execa("/bin/sh", ["-c", `"${TSX}" "${ENTRY}" check ${conformant.url} --json | head -c 100`], {
      reject: false,
      timeout: 60_000,
    });
    expect(run.stdout).toHaveLength(100);
    expect(run.stderr).toBe("");
  });

  // One of each path a usage error takes; options.test.ts has the rest of them.
  it.each([
    [[], /missing the URL/],
    [["http://x", "--only", "XX-"], /no check matches "XX-"/],
    [["http://x", "--header", "no colon"], /--header "no colon" is not of the form/],
    [["http://x", "--timeout", "soon"], /expected a whole number/],
    [["ftp://x"], /only http and https URLs/],
  ])("exits 2 on the usage error %j", async (args, message) => {
    const run = await check(args);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it("--list prints the catalogue (also as JSON) and runs nothing", async () => {
    const [text, json] = await Promise.all([check(["--list"]), check(["--list", "--json", "--only", "MK-"])]);
    expect(text.exitCode).toBe(0);
    for (const entry of CATALOGUE) expect(text.stdout).toMatch(new RegExp(`^${entry.id} +${entry.level} `, "m"));
    expect(text.stdout).toMatch(/counts as free when a start without identifier_from_purchaser succeeds/);
    expect(JSON.parse(json.stdout).map((entry: { id: string }) => entry.id)).toEqual(
      CATALOGUE.filter((entry) => entry.id.startsWith("MK-")).map((entry) => entry.id),
    );
  });

  it("--json writes the report to stdout, or to a file beside --junit", async () => {
    const dir = await mkdtemp(join(tmpdir(), "cma-check-"));
    const [toStdout, toFiles] = await Promise.all([
      check([broken.url, "--only", "AV-,SJ-echo", "--json"]),
      check([broken.url, "--only", "SJ-echo", "--json", join(dir, "report.json"), "--junit", join(dir, "junit.xml")]),
    ]);
    expect(toStdout.exitCode).toBe(1);
    expect(
      JSON.parse(toStdout.stdout).results.map(
        (result: { id: string; outcome: string }) => `${result.id} ${result.outcome}`,
      ),
    ).toEqual(["AV-status pass", "AV-fast pass", "SJ-echo fail"]);
    expect(toFiles.stdout).toMatch(/^SJ-echo +FAIL/m);
    expect(JSON.parse(await readFile(join(dir, "report.json"), "utf8")).summary).toEqual({
      passed: 0,
      failed: 1,
      warnings: 0,
      skipped: 0,
    });
    expect(await readFile(join(dir, "junit.xml"), "utf8")).toMatch(/<failure message="identifierFromPurchaser differs/);
  });

  it("--input is the input_data of the starts, also from a file", async () => {
    const dir = await mkdtemp(join(tmpdir(), "cma-check-"));
    await writeFile(join(dir, "input.json"), JSON.stringify({ prompt: "from a file", source: "conformance-fixture" }));
    const [inline, file] = await Promise.all([
      check([conformant.url, "--only", "SJ-start-required", "--json", "--input", '{"prompt": "from the flag"}']),
      check([conformant.url, "--only", "SJ-start-required", "--json", "--input", `@${join(dir, "input.json")}`]),
    ]);
    const sent = (run: { stdout: string }) =>
      JSON.parse(JSON.parse(run.stdout).results[0].exchanges[0].request.body).input_data;
    expect(sent(inline)).toEqual({ prompt: "from the flag" });
    expect(sent(file)).toEqual({ prompt: "from a file", source: "conformance-fixture" });
    expect([inline.exitCode, file.exitCode]).toEqual([0, 0]);
  });

  it("--header goes with every request", async () => {
    const seen: IncomingHttpHeaders[] = [];
    const server = createServer((req, res) => {
      seen.push(req.headers);
      res.writeHead(404, { "content-type": "application/json" }).end('{"error":"not_found","message":"nothing here"}');
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const run = await check([url, "--header", "token: s3cret", "--header", "X-Trace:  1 "]);
    server.close();
    expect(run.exitCode).toBe(1);
    expect(seen.length).toBeGreaterThan(5);
    for (const headers of seen) expect(headers).toMatchObject({ token: "s3cret", "x-trace": "1" });
  });
});

describe.concurrent("check --server", () => {
  const serve = (port: number, extra = "") => `${TSX} ${FIXTURE_MAIN} --port ${port}${extra}`;

  it("starts the server, waits until it answers, and stops it afterwards", async () => {
    const port = await freePort();
    const run = await check([`http://127.0.0.1:${port}`, "--only", "AV-,SJ-echo", "--server", serve(port)]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(await isListening(port)).toBe(false);
  });

  it("stops the server also when checks fail", async () => {
    const port = await freePort();
    const run = await check([
      `http://127.0.0.1:${port}`,
      "--only",
      "SJ-echo",
      "--server",
      serve(port, " --fault echo-uppercase"),
    ]);
    expect(run.exitCode).toBe(1);
    expect(await isListening(port)).toBe(false);
  });

  it("exits 2 when the server command fails, with its output", async () => {
    const port = await freePort();
    const run = await check([`http://127.0.0.1:${port}`, "--server", "echo starting; echo broken config >&2; exit 3"]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/--server "echo starting.*": the server exited \(code 3\) before it answered/);
    expect(run.stderr).toMatch(/broken config/);
  });

  it("refuses bad usage before starting the server", async () => {
    const marker = join(await mkdtemp(join(tmpdir(), "cma-check-")), "started");
    const run = await check(["ftp://x", "--server", `touch ${marker}`]);
    expect(run.exitCode).toBe(2);
    await expect(readFile(marker)).rejects.toThrow(/ENOENT/);
  });

  it("stops the server on Ctrl-C", async () => {
    const port = await freePort();
    // Jobs that take a minute keep the check running until it is interrupted.
    const child = check([
      `http://127.0.0.1:${port}`,
      "--only",
      "ST-transitions",
      "--job-timeout",
      "120000",
      "--server",
      serve(port, " --run-ms 60000"),
    ]);
    while (!(await isListening(port))) await new Promise((resolve) => setTimeout(resolve, 100));
    await new Promise((resolve) => setTimeout(resolve, 500));
    child.kill("SIGINT");
    const run = await child;
    expect(run.exitCode).toBe(130);
    expect(await isListening(port)).toBe(false);
  });
});
