import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EnvReader } from "../src/env.ts";
import type { Job } from "../src/jobs/types.ts";
import { openStore, readStoreConfig } from "../src/store/index.ts";
import type { JobStore } from "../src/store/store.ts";
import { testStoreEnv } from "./store-env.ts";

// The contract every JobStore keeps, run against the store this project uses.

let dataDir: string;
let store: JobStore;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "agent-store-"));
  store = await openStore(readStoreConfig(new EnvReader(testStoreEnv), dataDir));
});

afterEach(async () => {
  await store.close();
  await rm(dataDir, { recursive: true, force: true });
});

function newJob(overrides: Partial<Job> = {}): Job {
  const now = Date.now();
  return {
    id: randomUUID(),
    statusId: randomUUID(),
    status: "running",
    identifierFromPurchaser: "a1b2c3d4e5f60718",
    input: { text: "hello" },
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

const payment = {
  blockchainIdentifier: "b1",
  payByTime: 1,
  submitResultTime: 2,
  unlockTime: 3,
  externalDisputeUnlockTime: 4,
  agentIdentifier: "agent",
  sellerVKey: "vkey",
};

describe("JobStore", () => {
  it("keeps and returns jobs", async () => {
    const job = newJob();
    await store.create(job);
    expect(await store.get(job.id)).toEqual(job);
    expect(await store.get("missing")).toBeUndefined();
  });

  it("refuses a second job with the same id", async () => {
    const job = newJob();
    await store.create(job);
    await expect(store.create(job)).rejects.toThrow();
  });

  it("hands out copies", async () => {
    const job = newJob();
    await store.create(job);
    const copy = await store.get(job.id);
    copy!.input.text = "changed";
    expect((await store.get(job.id))!.input.text).toBe("hello");
  });

  it("applies a transition only from the expected status id", async () => {
    const job = newJob();
    await store.create(job);
    const statusId = randomUUID();
    const done = await store.transition(job.id, job.statusId, {
      status: "completed",
      statusId,
      result: "ok",
    });
    expect(done).toMatchObject({ status: "completed", statusId, result: "ok" });
    expect(await store.transition(job.id, job.statusId, { status: "failed" })).toBeUndefined();
    expect(await store.transition("missing", statusId, { status: "failed" })).toBeUndefined();
    expect(await store.get(job.id)).toMatchObject({ status: "completed", result: "ok" });
  });

  it("lets exactly one of many concurrent transitions win", async () => {
    const job = newJob();
    await store.create(job);
    const attempts = Array.from({ length: 10 }, (_, index) =>
      store.transition(job.id, job.statusId, { statusId: randomUUID(), result: `${index}` }),
    );
    const winners = (await Promise.all(attempts)).filter((result) => result !== undefined);
    expect(winners).toHaveLength(1);
    expect(await store.get(job.id)).toEqual(winners[0]);
  });

  it("lists the jobs a restarted process has to pick up", async () => {
    const pending = [
      newJob({ status: "awaiting_payment", payment }),
      newJob({ status: "running" }),
      newJob({ status: "completed", payment, result: "r", resultHash: "h" }),
    ];
    const settled = [
      newJob({ status: "awaiting_input" }),
      newJob({ status: "failed" }),
      newJob({ status: "completed", result: "free job" }),
      newJob({ status: "completed", payment, result: "r", resultSubmittedAt: Date.now() }),
    ];
    for (const job of [...pending, ...settled]) await store.create(job);
    const listed = await store.listPending();
    expect(listed.map((job) => job.id).sort()).toEqual(pending.map((job) => job.id).sort());

    const submitted = pending[2]!;
    await store.transition(submitted.id, submitted.statusId, { resultSubmittedAt: Date.now() });
    expect(await store.listPending()).toHaveLength(2);
  });
});
