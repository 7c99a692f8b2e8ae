import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  describeEachStore,
  DURABLE,
  type TestStore,
} from "./helpers/stores.ts";

// startAgent as a generated project's start script runs it: test/fixtures/agent-main.ts, a
// process of its own under Node (through tsx), on each store.

const SCRIPT = fileURLToPath(
  new URL("fixtures/agent-main.ts", import.meta.url),
);
const TSX = import.meta.resolve("tsx");
const PROCESS_TIMEOUT_MS = 30_000;

let dataDir: string;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "agent-process-"));
});

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

/** Starts the agent script; the data directory is its working directory too (no .env there). */
function start(store: TestStore, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ["--import", TSX, SCRIPT], {
    cwd: dataDir,
    env: {
      ...process.env,
      ...store.env,
      TEST_STORE: store.kind,
      DATA_DIR: dataDir,
      PORT: "0",
      HOST: "127.0.0.1",
      ...env,
    },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) =>
    child.on("exit", resolve),
  );
  const output = () => ({ stdout, stderr });
  /** Not a terminal, so the log is JSON, one object per line. */
  const entries = () =>
    `${stdout}\n${stderr}`
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line));
  const url = async () => {
    await expect
      .poll(() => output().stdout, { timeout: PROCESS_TIMEOUT_MS / 2 })
      .toMatch(/listening on/);
    const port = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(
      output().stdout,
    )?.[1];
    return `http://127.0.0.1:${port}`;
  };
  /** Resolves once the fixture's hanging run of `jobId` is under way. */
  const running = async (jobId: string) => {
    const deadline = Date.now() + PROCESS_TIMEOUT_MS / 2;
    while (!output().stdout.includes(`run started: ${jobId}`)) {
      if (Date.now() > deadline)
        throw new Error(`The run of ${jobId} did not start`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  // As a shell or supervisor signals it.
  const terminate = () => process.kill(child.pid as number, "SIGTERM");
  return { child, exited, output, entries, url, running, terminate };
}

async function startJob(url: string, text: string): Promise<string> {
  const response = await fetch(`${url}/start_job`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      identifier_from_purchaser: "a1b2c3d4e5f60718",
      input_data: { text },
    }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { job_id: string }).job_id;
}

await describeEachStore("the agent process", (store) => {
  it(
    "serves until SIGTERM, then shuts down cleanly",
    async () => {
      const agent = start(store);
      const url = await agent.url();
      expect((await fetch(`${url}/availability`)).status).toBe(200);
      agent.terminate();
      expect(await agent.exited).toBe(0);
      expect(agent.entries()).toContainEqual(
        expect.objectContaining({
          level: "info",
          msg: "SIGTERM received: shutting down",
        }),
      );
    },
    PROCESS_TIMEOUT_MS,
  );

  it(
    "stops a job still running when the grace period is over, and says what becomes of it",
    async () => {
      const agent = start(store, { TEST_RUN: "hang", SHUTDOWN_GRACE_MS: "0" });
      const url = await agent.url();
      await agent.running(await startJob(url, "left running"));
      agent.terminate();
      expect(await agent.exited).toBe(0);
      const fate =
        store.kind === "memory"
          ? /the memory store loses them/
          : /resume at the next start/;
      expect(agent.entries()).toContainEqual(
        expect.objectContaining({
          level: "warn",
          msg: expect.stringMatching(fate),
        }),
      );
    },
    PROCESS_TIMEOUT_MS,
  );
});

await describeEachStore(
  "a restart of the agent process",
  (store) => {
    it(
      "runs the job again that the last process left running",
      async () => {
        const first = start(store, {
          TEST_RUN: "hang",
          SHUTDOWN_GRACE_MS: "0",
        });
        const jobId = await startJob(await first.url(), "survivor");
        await first.running(jobId);
        first.terminate();
        expect(await first.exited).toBe(0);

        const second = start(store);
        const url = await second.url();
        await expect
          .poll(
            async () =>
              (await (
                await fetch(`${url}/status?job_id=${jobId}`)
              ).json()) as object,
            { timeout: PROCESS_TIMEOUT_MS / 2 },
          )
          .toMatchObject({ status: "completed", result: "Done: survivor" });
        expect(second.entries()).toContainEqual(
          expect.objectContaining({
            msg: expect.stringMatching(/^Picked up \d+ unfinished job/),
          }),
        );
        second.terminate();
        expect(await second.exited).toBe(0);
      },
      PROCESS_TIMEOUT_MS * 2,
    );
  },
  DURABLE,
);

describe("a bad configuration", () => {
  it(
    "is refused with one line per problem and exit code 1",
    async () => {
      const agent = start(
        { kind: "memory", env: {} },
        { PORT: "eighty", AGENT_SIGNING_KEY: "not-a-key" },
      );
      expect(await agent.exited).toBe(1);
      const lines = agent.output().stderr.trim().split("\n");
      expect(lines.map((line) => JSON.parse(line).msg)).toEqual([
        expect.stringMatching(/^Configuration error: PORT must be/),
        expect.stringMatching(
          /^Configuration error: AGENT_SIGNING_KEY must be/,
        ),
      ]);
    },
    PROCESS_TIMEOUT_MS,
  );
});
