import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as exampleAgent from "../src/agent.ts";
import { createAgentApp, type AgentApp } from "../src/app.ts";
import { loadConfig } from "../src/config.ts";
import type { Agent, JobStatus } from "../src/jobs/types.ts";
import { listen } from "../src/listen.ts";
import { silentLogger } from "../src/log.ts";
import { createServer } from "../src/server.ts";
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
}

/** Starts the agent on a free port of 127.0.0.1, with its data in a temporary directory. */
export async function startTestAgent(options: TestAgentOptions = {}): Promise<TestAgent> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), "agent-test-")));
  const env = { ...testStoreEnv, ...testPaymentEnv, ...options.env, DATA_DIR: dataDir };
  const config = loadConfig(env);
  const app = await createAgentApp(config, {
    agent: options.agent ?? exampleAgent,
    log: silentLogger,
    service: { submitRetryDelaysMs: [10, 10] },
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
      await server.close();
      await app.close(graceMs);
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Starts a job with the example agent's input and returns the /start_job reply. */
export async function startJob(agent: TestAgent, inputData: unknown): Promise<Json> {
  const { status, body } = await agent.post("/start_job", {
    identifier_from_purchaser: PURCHASER,
    input_data: inputData,
  });
  if (status !== 200) throw new Error(`start_job answered ${status}: ${JSON.stringify(body)}`);
  return body;
}
