import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as exampleAgent from "../src/agent.ts";
import type { Agent, Job } from "../src/jobs/types.ts";
import { SqliteJobStore } from "../src/store/sqlite.ts";
import { openDatabase } from "../src/store/sqlite-driver.ts";
import { PURCHASER, startJob, startTestAgent } from "./helpers.ts";

let dataDir: string;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "agent-restart-"));
});

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

/** A job as an earlier process left it in the file. */
function storedJob(overrides: Partial<Job>): Job {
  const now = Date.now();
  return {
    id: randomUUID(),
    statusId: randomUUID(),
    status: "running",
    identifierFromPurchaser: PURCHASER,
    input: { text: "unlucky", task: ["statistics"], keywords: 5, review: false },
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

/** A run that never ends, standing in for a process that dies in the middle of a job. */
const hanging: Agent = {
  inputSchema: exampleAgent.inputSchema,
  run: () => new Promise(() => {}),
};

describe("restarts with SQLite", () => {
  it("keep finished jobs and the signing key", async () => {
    const first = await startTestAgent({ dataDir });
    const { id } = await startJob(first, { text: "remember me" });
    const done = await first.waitForStatus(id, "completed");
    const publicKey = first.app.signer.publicKey;
    await first.stop();

    const second = await startTestAgent({ dataDir });
    expect((await second.get(`/status?job_id=${id}`)).body).toEqual(done);
    expect(second.app.signer.publicKey).toBe(publicKey);
    await second.stop();
  });

  it("run a job again that was running when the process stopped", async () => {
    const first = await startTestAgent({ dataDir, agent: hanging });
    const { id } = await startJob(first, { text: "survivor" });
    await first.waitForStatus(id, "running");
    await first.stop(10); // does not wait for the run: the job stays running in the file

    const second = await startTestAgent({ dataDir });
    const done = await second.waitForStatus(id, "completed");
    expect(done.result).toContain("Words: 1");
    await second.stop();
  });

  it("fail a job, with a message, once restarts interrupted it too often", async () => {
    const store = new SqliteJobStore(join(dataDir, "jobs.db"));
    const job = storedJob({ restarts: 3 });
    await store.create(job, { owner: "stopped process", until: 0 });
    await store.close();

    const agent = await startTestAgent({ dataDir });
    const failed = await agent.waitForStatus(job.id, "failed");
    expect(failed.message).toMatch(/interrupted by 4 restarts/);
    await agent.stop();
  });

  it("keep a job awaiting input, and take the input after the restart", async () => {
    const first = await startTestAgent({ dataDir });
    const { id } = await startJob(first, { text: "Check this.", review: true });
    const waiting = await first.waitForStatus(id, "awaiting_input");
    await first.stop();

    const second = await startTestAgent({ dataDir });
    expect((await second.get(`/status?job_id=${id}`)).body).toEqual(waiting);
    const reply = await second.post("/provide_input", {
      job_id: id,
      status_id: waiting.id,
      input_data: { approve: false, edited: "Checked." },
    });
    expect(reply.status).toBe(200);
    const done = await second.waitForStatus(id, "completed");
    expect(done.result).toBe("Checked.");
    await second.stop();
  });

  it("let one of two processes on the same file win a transition", async () => {
    const path = join(dataDir, "jobs.db");
    const [a, b] = [new SqliteJobStore(path), new SqliteJobStore(path)];
    const job = storedJob({ status: "awaiting_input" });
    await a.create(job, { owner: "a", until: Date.now() + 60_000 });
    const patch = { status: "running", statusId: randomUUID() } as const;
    const results = await Promise.all([
      a.transition(job.id, job.statusId, patch),
      b.transition(job.id, job.statusId, { ...patch, statusId: randomUUID() }),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    await a.close();
    await b.close();
  });

  it("use WAL mode in a file under the data directory", async () => {
    const agent = await startTestAgent({ dataDir });
    const db = openDatabase(join(dataDir, "jobs.db"));
    expect(db.prepare("PRAGMA journal_mode").get()).toEqual({ journal_mode: "wal" });
    db.close();
    await agent.stop();
  });
});
