import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import * as exampleAgent from "../src/agent.ts";
import { createAgentApp, type AgentApp, type AgentAppOptions } from "../src/app.ts";
import { loadConfig } from "../src/config.ts";
import { EnvReader } from "../src/env.ts";
import type { Agent, Job, JobStatus } from "../src/jobs/types.ts";
import { listen } from "../src/listen.ts";
import { silentLogger, type Logger } from "../src/log.ts";
import { createServer } from "../src/server.ts";
import { openStore, readStoreConfig } from "../src/store/index.ts";
import type { JobStore } from "../src/store/store.ts";
import { testPaymentEnv } from "./payment-env.ts";
import { testStoreEnv } from "./store-env.ts";

/** A valid identifier_from_purchaser: hex, 16 characters. */
export const PURCHASER = "a1b2c3d4e5f60718";

/** Replies are read loosely in tests; the assertions say what they must hold. */
export type Json = any;

export interface Reply {
  status: number;
  body: Json;
}

export interface TestAgent {
  url: string;
  app: AgentApp;
  dataDir: string;
  get(path: string): Promise<Reply>;
  /** Sends `body` as JSON, or as it is when it is a string. */
  post(path: string, body: unknown): Promise<Reply>;
  /** Polls /status until the job has `status`; fails after a few seconds. */
  waitForStatus(jobId: string, status: JobStatus): Promise<Json>;
  /** Stops the server; removes the data directory unless the caller passed it in. */
  stop(graceMs?: number): Promise<void>;
}

export interface TestAgentOptions {
  agent?: Agent;
  /** Reuse a data directory, e.g. to start again after a stop. */
  dataDir?: string;
  env?: Record<string, string>;
  /** Where the agent logs; nowhere by default. */
  log?: Logger;
  /** Job service settings, e.g. a time limit shorter than JOB_TIMEOUT_MS allows. */
  service?: AgentAppOptions["service"];
}

/** Starts the agent on a free port of 127.0.0.1, with its data in a temporary directory. */
export async function startTestAgent(options: TestAgentOptions = {}): Promise<TestAgent> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), "agent-test-")));
  const env = { ...testStoreEnv, ...testPaymentEnv, ...options.env, DATA_DIR: dataDir };
  const config = loadConfig(env);
  const app = await createAgentApp(config, {
    agent: options.agent ?? exampleAgent,
    log: options.log ?? silentLogger,
    service: { submitRetryDelaysMs: [10, 10], ...options.service },
  });
  const server = await listen(createServer(app.api), { ...config, port: 0, host: "127.0.0.1" });
  // As src/main.ts does: pick up the jobs of an earlier run on the same data directory.
  await app.service.recover();
  const url = `http://127.0.0.1:${server.port}`;

  const request = async (path: string, init?: RequestInit): Promise<Reply> => {
    const response = await fetch(`${url}${path}`, init);
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
  const get = (path: string) => request(path);
  const post = (path: string, body: unknown) =>
    request(path, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });

  return {
    url,
    app,
    dataDir,
    get,
    post,
    async waitForStatus(jobId, status) {
      const deadline = Date.now() + 5000;
      for (;;) {
        const { body } = await get(`/status?job_id=${jobId}`);
        if (body.status === status) return body;
        if (Date.now() > deadline) {
          throw new Error(
            `Job ${jobId} is ${body.status}, expected ${status}: ${JSON.stringify(body)}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    async stop(graceMs = 1000) {
      await app.close(server, graceMs);
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Starts a job with the example agent's input and returns the /start_job reply. */
export async function startJob(
  agent: TestAgent,
  inputData: unknown,
  identifierFromPurchaser = PURCHASER,
): Promise<Json> {
  const { status, body } = await agent.post("/start_job", {
    identifier_from_purchaser: identifierFromPurchaser,
    input_data: inputData,
  });
  if (status !== 200) throw new Error(`start_job answered ${status}: ${JSON.stringify(body)}`);
  return body;
}

/** Opens the store of this project as the tests' agents use it; `dataDir` holds a SQLite file. */
export function openTestStore(dataDir: string): Promise<JobStore> {
  return openStore(readStoreConfig(new EnvReader(testStoreEnv), dataDir));
}

/** A job to put straight into a store, as the agent or an earlier process would have. */
export function newJob(overrides: Partial<Job> = {}): Job {
  const now = Date.now();
  return {
    id: randomUUID(),
    statusId: randomUUID(),
    status: "running",
    identifierFromPurchaser: PURCHASER,
    // As the example agent's input arrives at `run`: validated, defaults filled in.
    input: { text: "hello", task: ["statistics"], keywords: 5, review: false },
    inputHash: "0".repeat(64),
    payment: null,
    inputRequest: null,
    inputs: [],
    result: null,
    resultHash: null,
    resultSubmittedAt: null,
    message: null,
    restarts: 0,
    createdAt: now,
    updatedAt: now,
    ...overrides,
  };
}

/** A run of a HeldAgent, waiting for the test to end it. */
export interface HeldRun {
  signal: AbortSignal;
  finish(result: string): void;
  fail(error: unknown): void;
}

/** An agent whose runs wait until the test ends them, so that a test can act while they run. */
export interface HeldAgent extends Agent {
  /** The run of this job, once it started. */
  started(jobId: string): Promise<HeldRun>;
}

export function heldAgent(): HeldAgent {
  const runs = new Map<string, HeldRun>();
  return {
    inputSchema: exampleAgent.inputSchema,
    run: (_input, ctx) =>
      new Promise((resolve, reject) => {
        runs.set(ctx.jobId, { signal: ctx.signal, finish: resolve, fail: reject });
      }),
    async started(jobId) {
      await expect.poll(() => runs.has(jobId)).toBe(true);
      return runs.get(jobId) as HeldRun;
    },
  };
}
