import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve } from "../../src/adapters/hono/index.ts";
import { createServer } from "./hono-server.ts";
import { createAgentApp, type AgentApp, type AgentAppOptions } from "../../src/app.ts";
import { loadConfig } from "../../src/config.ts";
import type { Agent, JobStatus } from "../../src/jobs/types.ts";
import { silentLogger, type Logger } from "../../src/log.ts";
import type { PaymentMode } from "../../src/payment/index.ts";
import { PURCHASER, wordsAgent } from "./agents.ts";
import type { TestStore } from "./stores.ts";

/**
 * An agent served over real HTTP (masumi-agent/hono on node:http, on a free port of 127.0.0.1),
 * for the tests of what the endpoints answer. test/adapters holds the other frameworks to the
 * same HTTP basics.
 */

/** Replies are read loosely in tests; the assertions say what they must hold. */
export type Json = any;

export interface Reply {
  status: number;
  body: Json;
}

export interface ServedAgent {
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

export interface ServedAgentOptions {
  store?: TestStore;
  /** "free" by default; simulated payments lock after 20 ms. */
  payment?: PaymentMode;
  agent?: Agent;
  /** Reuse a data directory, e.g. to start again after a stop. */
  dataDir?: string;
  env?: Record<string, string>;
  log?: Logger;
  service?: AgentAppOptions["service"];
}

export async function startServedAgent(options: ServedAgentOptions = {}): Promise<ServedAgent> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), "agent-test-")));
  const env = {
    SIMULATED_PAYMENT_DELAY_MS: "20",
    ...options.store?.env,
    ...options.env,
    DATA_DIR: dataDir,
  };
  const config = loadConfig(env, {
    store: options.store?.kind ?? "memory",
    payment: options.payment ?? "free",
  });
  const app = await createAgentApp(config, {
    agent: options.agent ?? wordsAgent,
    log: options.log ?? silentLogger,
    service: { submitRetryDelaysMs: [10, 10], ...options.service },
  });
  const server = await serve(createServer)(app, { ...config, port: 0, host: "127.0.0.1" });
  // As startAgent does: pick up the jobs of an earlier run on the same store.
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
          throw new Error(`Job ${jobId} is ${body.status}, expected ${status}: ${JSON.stringify(body)}`);
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

/** Starts a job and returns the /start_job reply; anything but 200 throws. */
export async function startJob(
  agent: ServedAgent,
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
