import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { createRequire } from "node:module";
import { createServer, type AddressInfo } from "node:net";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

/** startAgent as a process: a project's main.ts (fixtures/start-agent.ts) run by Node. */

const SCRIPT = join(import.meta.dirname, "fixtures", "start-agent.ts");
// By its path: the process runs in a directory of its own, where no tsx is found.
const TSX = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;

interface Agent {
  child: ChildProcess;
  /** Every line written so far, stdout and stderr each. */
  out: string[];
  err: string[];
  /** Resolves with the first line (of either stream) that matches. */
  line(pattern: RegExp): Promise<string>;
  exited: Promise<number | null>;
}

let cwd: string;
const children: ChildProcess[] = [];
beforeEach(async () => {
  // No .env of the repository's is read, and the signing key lands here.
  cwd = await mkdtemp(join(tmpdir(), "masumi-start-"));
});
afterEach(async () => {
  // A test that failed half way leaves no agent running.
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
  await rm(cwd, { recursive: true, force: true });
});

function start(env: Record<string, string>): Agent {
  const child = spawn(process.execPath, ["--import", TSX, SCRIPT], {
    cwd,
    env: { PATH: process.env.PATH, LOG_FORMAT: "json", ...env },
  });
  children.push(child);
  const out: string[] = [];
  const err: string[] = [];
  const waiting: { pattern: RegExp; resolve(line: string): void }[] = [];
  const collect = (lines: string[]) => (chunk: Buffer) => {
    for (const line of chunk.toString("utf8").split("\n").filter(Boolean)) {
      lines.push(line);
      for (const waiter of waiting.filter((w) => w.pattern.test(line))) {
        waiting.splice(waiting.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    }
  };
  child.stdout.on("data", collect(out));
  child.stderr.on("data", collect(err));
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  const line = (pattern: RegExp) => {
    const seen = [...out, ...err].find((candidate) => pattern.test(candidate));
    if (seen) return Promise.resolve(seen);
    const ended = exited.then((code) => {
      throw new Error(`Exited ${code} before ${pattern}:\n${[...out, ...err].join("\n")}`);
    });
    return Promise.race([new Promise<string>((resolve) => waiting.push({ pattern, resolve })), ended]);
  };
  return { child, out, err, line, exited };
}

function messages(lines: string[]): { level: string; msg: string }[] {
  return lines.map((line) => JSON.parse(line));
}

describe("startAgent", () => {
  it("reports each configuration problem on one line, without a stack, and exits 1", async () => {
    const agent = start({ PORT: "not-a-port", JOB_LEASE_MS: "5" });
    expect(await agent.exited).toBe(1);
    expect(agent.out).toEqual([]);
    const errors = messages(agent.err);
    expect(errors).toHaveLength(2);
    expect(errors.map((entry) => entry.level)).toEqual(["error", "error"]);
    expect(errors[0]?.msg).toMatch(/^Configuration error: PORT /);
    expect(errors[1]?.msg).toMatch(/^Configuration error: JOB_LEASE_MS /);
    expect(agent.err.join("\n")).not.toMatch(/\bat .*:\d+:\d+/);
  });

  it("reports a start that fails otherwise on one line, and exits 1", async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    try {
      const agent = start({ PORT: String((taken.address() as AddressInfo).port) });
      expect(await agent.exited).toBe(1);
      expect(messages(agent.err).map((entry) => entry.msg)).toEqual([
        expect.stringMatching(/^Could not start: .*EADDRINUSE/),
      ]);
    } finally {
      taken.close();
    }
  });

  it("says where it listens and its public key, and shuts down on SIGTERM with exit 0", async () => {
    const agent = start({ PORT: "0" });
    const listening = JSON.parse(await agent.line(/Agent listening on/)).msg as string;
    expect(listening).toMatch(/^Agent listening on http:\/\/127\.0\.0\.1:\d+ \(/);
    expect(await agent.line(/Public key of its signatures: [0-9a-f]{64}/)).toBeTruthy();
    const url = /http:\/\/\S+/.exec(listening)?.[0];
    expect((await fetch(`${url}/availability`)).status).toBe(200);
    agent.child.kill("SIGTERM");
    expect(await agent.exited).toBe(0);
    expect(messages(agent.out).map((entry) => entry.msg)).toContain(
      "SIGTERM received: shutting down",
    );
  });

  it("exits 1 at once on a second signal while a job keeps the shutdown waiting", async () => {
    const agent = start({ PORT: "0", SHUTDOWN_GRACE_MS: "600000" });
    const listening = JSON.parse(await agent.line(/Agent listening on/)).msg as string;
    const url = /http:\/\/\S+/.exec(listening)?.[0];
    const started = await fetch(`${url}/start_job`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ identifier_from_purchaser: "buyer", input_data: { text: "hang" } }),
    });
    expect(started.status).toBe(200);
    agent.child.kill("SIGTERM");
    await agent.line(/SIGTERM received: shutting down/);
    agent.child.kill("SIGTERM");
    expect(await agent.exited).toBe(1);
    expect(messages(agent.err).map((entry) => entry.msg)).toContain(
      "SIGTERM again: exiting without waiting for jobs",
    );
  });
});
