import { existsSync, readFileSync, statSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { loadDriver } from "../../src/store/sqlite/driver.ts";
import { SqliteJobStore } from "../../src/store/sqlite/sqlite.ts";
import {
  CHECKPOINT_INTERVAL_MS,
  WalCheckpointer,
} from "../../src/store/sqlite/wal-checkpointer.ts";

import { newJob } from "../helpers/agents.ts";

const MISSING_SCRIPT = { url: new URL("./no-such-worker.js", import.meta.url) };
/** A checkpointer thread that only notes the time of each checkpoint asked for, in its "path". */
const NOTING_SCRIPT = {
  code: `const { parentPort, workerData } = require("node:worker_threads");
    const { appendFileSync } = require("node:fs");
    parentPort.on("message", (request) => {
      if (request === "stop") return parentPort.postMessage("stopped");
      appendFileSync(workerData.path, Date.now() + "\\n");
      parentPort.postMessage("done");
    });
    parentPort.postMessage("ready");`,
};

const openDatabase = await loadDriver();
const lease = () => ({ owner: "a", until: Date.now() + 60_000 });

let dataDir: string;
let path: string;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "agent-wal-"));
  path = join(dataDir, "jobs.db");
});

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

it("copies the WAL into the database file from its thread, long before the writer would", async () => {
  const store = new SqliteJobStore(path, openDatabase);
  try {
    const sizeAtStart = statSync(path).size;
    // A few hundred pages: the writer's own checkpoint would wait for 1,000.
    for (let round = 0; round < 20; round++) {
      await Promise.all(Array.from({ length: 20 }, () => store.create(newJob(), lease())));
    }
    await vi.waitFor(() => expect(statSync(path).size).toBeGreaterThan(sizeAtStart * 4), {
      timeout: 5_000,
    });
  } finally {
    await store.close();
  }
});

it("closes its connection when the store closes, so the last one removes the WAL", async () => {
  const store = new SqliteJobStore(path, openDatabase);
  await store.create(newJob(), lease());
  expect(existsSync(`${path}-wal`)).toBe(true);
  await store.close();
  expect(existsSync(`${path}-wal`)).toBe(false);
});

it("checkpoints at most once per interval however often the store commits, and after the last commit", async () => {
  const noted = join(dataDir, "checkpoints");
  const ready = vi.fn();
  const checkpointer = new WalCheckpointer(noted, { ready, failed: vi.fn() }, NOTING_SCRIPT);
  const times = () => readFileSync(noted, "utf8").trim().split("\n").map(Number);
  try {
    await vi.waitFor(() => expect(ready).toHaveBeenCalledOnce());
    const started = Date.now();
    let lastCommit = started;
    while (Date.now() - started < 1_000) {
      lastCommit = Date.now();
      checkpointer.wrote();
      await sleep(5);
    }
    await vi.waitFor(() => expect(Math.max(...times())).toBeGreaterThanOrEqual(lastCommit), {
      timeout: 5_000,
    });
    const checkpoints = times();
    // About 200 commits in 1 s: at most one checkpoint per interval, plus the one at the start.
    expect(checkpoints.length).toBeLessThanOrEqual(1_000 / CHECKPOINT_INTERVAL_MS + 2);
    for (let index = 1; index < checkpoints.length; index++) {
      expect(checkpoints[index]! - checkpoints[index - 1]!).toBeGreaterThanOrEqual(
        CHECKPOINT_INTERVAL_MS - 5,
      );
    }
  } finally {
    await checkpointer.stop();
  }
});

it("says when its thread cannot start, and then does nothing", async () => {
  const failed = vi.fn();
  const ready = vi.fn();
  const checkpointer = new WalCheckpointer(path, { ready, failed }, MISSING_SCRIPT);
  await vi.waitFor(() => expect(failed).toHaveBeenCalledOnce());
  expect(failed.mock.calls[0]![0].message).toMatch(/^The WAL checkpointer thread failed: /);
  expect(ready).not.toHaveBeenCalled();
  checkpointer.wrote();
  await checkpointer.stop();
  expect(failed).toHaveBeenCalledOnce();
});

it("checkpoints with the store's own connection again when the thread fails, and says so", async () => {
  const warn = vi.fn();
  const store = new SqliteJobStore(path, openDatabase, { warn, checkpointer: MISSING_SCRIPT });
  try {
    await vi.waitFor(() => expect(warn).toHaveBeenCalledOnce());
    expect(warn.mock.calls[0]![0]).toMatch(
      /^The WAL checkpointer thread failed: .*; the store's own connection checkpoints the WAL again$/,
    );
    const sizeAtStart = statSync(path).size;
    // Past SQLite's 1,000 pages: the writer copies the WAL itself, as it does by default.
    for (let round = 0; round < 40; round++) {
      await Promise.all(Array.from({ length: 100 }, () => store.create(newJob(), lease())));
    }
    expect(statSync(path).size).toBeGreaterThan(sizeAtStart * 4);
  } finally {
    await store.close();
  }
});
