import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import type { JobStore, Lease } from "../../src/store/store.ts";
import { newJob } from "../helpers/agents.ts";
import { DURABLE, describeEachStore, openTestStore } from "../helpers/stores.ts";

// The contract every JobStore keeps, run against each of them.

/** A lease for `owner` for the next minute. */
function leaseOf(owner: string): Lease {
  return { owner, until: Date.now() + 60_000 };
}

/** The lease of a process that stopped long ago. */
const expired: Lease = { owner: "gone", until: 0 };

const payment = {
  blockchainIdentifier: "b1",
  payByTime: 1,
  submitResultTime: 2,
  unlockTime: 3,
  externalDisputeUnlockTime: 4,
  agentIdentifier: "agent",
  sellerVKey: "vkey",
};

await describeEachStore("JobStore", (testStore) => {
  let dataDir: string;
  let store: JobStore;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "agent-store-"));
    store = await openTestStore(testStore, dataDir);
  });

  afterEach(async () => {
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("keeps and returns jobs", async () => {
    const job = newJob();
    await store.create(job, leaseOf("a"));
    expect(await store.get(job.id)).toEqual(job);
    expect(await store.get("missing")).toBeUndefined();
  });

  it("refuses a second job with the same id", async () => {
    const job = newJob();
    await store.create(job, leaseOf("a"));
    await expect(store.create(job, leaseOf("b"))).rejects.toThrow();
  });

  it("writes the jobs of one turn each alone: one that fails fails alone, each is stored when it resolves", async () => {
    const lease = leaseOf("a");
    const [first, second, third] = [newJob(), newJob(), newJob()];
    await store.create(first, lease);
    const writes = await Promise.allSettled([
      store.create(second, lease),
      store.create(first, lease), // exists already
      store.create(third, lease),
      store.create(third, lease), // twice in the same turn
      store.transition(first.id, first.statusId, { status: "completed", result: "done" }),
      store.transition(second.id, "not-its-status-id", { status: "failed" }),
    ]);
    expect(writes.map((write) => write.status)).toEqual([
      "fulfilled",
      "rejected",
      "fulfilled",
      "rejected",
      "fulfilled",
      "fulfilled",
    ]);
    expect((writes[5] as PromiseFulfilledResult<unknown>).value).toBeUndefined();
    // Another process (another connection) sees each write that resolved.
    const reader = DURABLE(testStore) ? await openTestStore(testStore, dataDir) : store;
    try {
      expect(await reader.get(second.id)).toEqual(second);
      expect(await reader.get(third.id)).toEqual(third);
      expect(await reader.get(first.id)).toMatchObject({ status: "completed", result: "done" });
    } finally {
      if (reader !== store) await reader.close();
    }
  });

  it("keeps what comes in apart from the caller's objects", async () => {
    const job = newJob();
    await store.create(job, leaseOf("a"));
    job.input.text = "changed after create";
    const patch = { inputRequest: { schema: { input_data: [] }, message: "asked" } };
    await store.transition(job.id, job.statusId, patch);
    patch.inputRequest.message = "changed after transition";
    expect(await store.get(job.id)).toMatchObject({
      input: { text: "hello" },
      inputRequest: { message: "asked" },
    });
  });

  it("hands out jobs that cannot change the stored one: frozen or copies", async () => {
    const job = newJob();
    await store.create(job, expired);
    const claimed = await store.claimExpired(leaseOf("b"), 1000);
    const returned = [
      await store.get(job.id),
      await store.transition(job.id, job.statusId, { message: "noted" }),
      claimed.find((found) => found.id === job.id),
    ];
    for (const found of returned) {
      try {
        found!.input.text = "changed";
      } catch (error) {
        expect(error).toBeInstanceOf(TypeError); // frozen: strict mode throws
      }
    }
    expect((await store.get(job.id))!.input.text).toBe("hello");
  });

  it("peeks at the job as stored now: the same object while unchanged, a new one after any change", async () => {
    const job = newJob();
    await store.create(job, leaseOf("a"));
    const first = await store.peek(job.id);
    expect(first).toEqual(job);
    expect(await store.peek(job.id)).toBe(first);
    expect(await store.peek("missing")).toBeUndefined();
    // Another process writes (one store stands for one process), keeping the status id, as the
    // message of a failed result submission does: /status must show it at once all the same.
    const writer = DURABLE(testStore) ? await openTestStore(testStore, dataDir) : store;
    try {
      expect(await writer.transition(job.id, job.statusId, { message: "noted" })).toBeDefined();
    } finally {
      if (writer !== store) await writer.close();
    }
    const changed = await store.peek(job.id);
    expect(changed).not.toBe(first);
    expect(changed).toMatchObject({ statusId: job.statusId, message: "noted" });
    expect(first).toEqual(job);
  });

  it("peeks at this process's own write at once", async () => {
    const job = newJob();
    await store.create(job, leaseOf("a"));
    const first = await store.peek(job.id);
    await store.transition(job.id, job.statusId, { message: "noted" });
    expect(await store.peek(job.id)).toMatchObject({ message: "noted" });
    expect(first).toEqual(job);
  });

  it("transitions from the job as stored, also when another process wrote it after this one", async () => {
    const job = newJob();
    await store.create(job, leaseOf("a"));
    const other = DURABLE(testStore) ? await openTestStore(testStore, dataDir) : store;
    try {
      // Keeps the status id: this process's transition must build on it, not on its own create.
      await other.transition(job.id, job.statusId, { message: "noted" });
      expect(await store.transition(job.id, job.statusId, { result: "ok" })).toMatchObject({
        message: "noted",
        result: "ok",
      });
      // Moves the status id after this process's write: the old one no longer applies.
      const statusId = randomUUID();
      await other.transition(job.id, job.statusId, { statusId });
      expect(await store.transition(job.id, job.statusId, { status: "failed" })).toBeUndefined();
      expect(await store.transition(job.id, statusId, { status: "completed" })).toMatchObject({
        status: "completed",
        message: "noted",
        result: "ok",
      });
    } finally {
      if (other !== store) await other.close();
    }
    expect(await store.get(job.id)).toMatchObject({
      status: "completed",
      message: "noted",
      result: "ok",
    });
  });

  it("applies a transition only from the expected status id", async () => {
    const job = newJob();
    await store.create(job, leaseOf("a"));
    const statusId = randomUUID();
    const done = await store.transition(job.id, job.statusId, {
      status: "completed",
      statusId,
      result: "ok",
    });
    expect(done).toMatchObject({ status: "completed", statusId, result: "ok" });
    expect(await store.transition(job.id, job.statusId, { status: "failed" })).toBeUndefined();
    expect(await store.transition("missing", statusId, { status: "failed" })).toBeUndefined();
    expect(await store.get(job.id)).toMatchObject({
      status: "completed",
      result: "ok",
    });
  });

  it("lets exactly one of many concurrent transitions win", async () => {
    const job = newJob();
    await store.create(job, leaseOf("a"));
    const attempts = Array.from({ length: 10 }, (_, index) =>
      store.transition(job.id, job.statusId, {
        statusId: randomUUID(),
        result: `${index}`,
      }),
    );
    const winners = (await Promise.all(attempts)).filter((result) => result !== undefined);
    expect(winners).toHaveLength(1);
    expect(await store.get(job.id)).toEqual(winners[0]);
  });

  it("lets a process take over the pending jobs whose lease ran out, once", async () => {
    const pending = [
      newJob({ status: "awaiting_payment", payment }),
      newJob({ status: "running" }),
      newJob({ status: "completed", payment, result: "r", resultHash: "h" }),
    ];
    const settled = [
      newJob({ status: "awaiting_input" }),
      newJob({ status: "failed" }),
      newJob({ status: "completed", result: "free job" }),
      newJob({
        status: "completed",
        payment,
        result: "r",
        resultSubmittedAt: Date.now(),
      }),
    ];
    const live = newJob({ status: "running" });
    for (const job of [...pending, ...settled]) await store.create(job, expired);
    await store.create(live, leaseOf("alive"));
    const ids = new Set([...pending, ...settled, live].map((job) => job.id));

    // A shared store still holds the jobs of earlier tests: only this test's count.
    const claimed = (await store.claimExpired(leaseOf("b"), 1000)).filter((job) => ids.has(job.id));
    expect(claimed.map((job) => job.id).sort()).toEqual(pending.map((job) => job.id).sort());
    const again = await store.claimExpired(leaseOf("c"), 1000);
    expect(again.filter((job) => ids.has(job.id))).toEqual([]);
  });

  it("lets one process hold a lease until it runs out or is released", async () => {
    const job = newJob({ status: "running" });
    await store.create(job, leaseOf("a"));
    expect(await store.claim(job.id, leaseOf("b"))).toBe(false);
    expect(await store.claim(job.id, leaseOf("a"))).toBe(true);
    await store.renew([job.id], leaseOf("b")); // not b's: no effect
    await store.release([job.id], "b");
    expect(await store.claim(job.id, leaseOf("b"))).toBe(false);
    await store.release([job.id], "a");
    expect(await store.claim(job.id, leaseOf("b"))).toBe(true);
    expect(await store.claim("missing", leaseOf("b"))).toBe(false);
  });

  it("takes over a lease that was not renewed in time", async () => {
    const job = newJob({ status: "running" });
    await store.create(job, { owner: "a", until: Date.now() + 50 });
    await store.renew([job.id], { owner: "a", until: Date.now() + 60_000 });
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(await store.claim(job.id, leaseOf("b"))).toBe(false);
    await store.renew([job.id], { owner: "a", until: Date.now() - 1 });
    expect(await store.claim(job.id, leaseOf("b"))).toBe(true);
  });
});
