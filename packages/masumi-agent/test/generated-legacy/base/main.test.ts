import { spawn } from "node:child_process";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { testPaymentEnv } from "./payment-env.ts";
import { startCommand } from "./start-command.ts";
import { describeWithStore, testStoreEnv } from "./store-env.ts";

// Starts src/main.ts as the start script does, in a process of its own.

let dataDir: string;

beforeEach(async () => {
  // Under data/, the one directory the start script may write to on every runtime (Deno's
  // permissions say so).
  await mkdir("data", { recursive: true });
  dataDir = await mkdtemp(join("data", "test-"));
});

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

function start(env: Record<string, string>) {
  const child = spawn(startCommand.file, startCommand.args, {
    env: { ...process.env, ...testStoreEnv, ...testPaymentEnv, DATA_DIR: dataDir, ...env },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  return { child, exited, output: () => ({ stdout, stderr }) };
}

describeWithStore("the start script", () => {
  it("serves until SIGTERM, then shuts down cleanly", async () => {
    const agent = start({ PORT: "0", HOST: "127.0.0.1" });
    await expect.poll(() => agent.output().stdout, { timeout: 15_000 }).toMatch(/listening on/);
    const port = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(agent.output().stdout)?.[1];
    const response = await fetch(`http://127.0.0.1:${port}/availability`);
    expect(response.status).toBe(200);

    // As a shell or supervisor signals it. Not child.kill(): Deno's child_process then reports the
    // child as killed by the signal even when it handled it and exited 0.
    process.kill(agent.child.pid as number, "SIGTERM");
    expect(await agent.exited).toBe(0);
    // Not a terminal, so the log is JSON, one object per line.
    const lines = agent.output().stdout.trim().split("\n");
    expect(lines.map((line) => JSON.parse(line))).toContainEqual(
      expect.objectContaining({ level: "info", msg: "SIGTERM received: shutting down" }),
    );
  }, 20_000);

  it("refuses a bad configuration with one line per problem and exit code 1", async () => {
    const agent = start({ PORT: "eighty", AGENT_SIGNING_KEY: "not-a-key" });
    expect(await agent.exited).toBe(1);
    const lines = agent.output().stderr.trim().split("\n");
    expect(lines.map((line) => JSON.parse(line).msg)).toEqual([
      expect.stringMatching(/^Configuration error: PORT must be/),
      expect.stringMatching(/^Configuration error: AGENT_SIGNING_KEY must be/),
    ]);
  }, 20_000);
});
