import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Job } from "../../src/jobs/types.ts";
import { SqliteJobStore } from "../../src/store/sqlite/sqlite.ts";
import { loadDriver } from "../../src/store/sqlite/driver.ts";
import { newJob } from "../helpers/agents.ts";
import { startServedAgent } from "../helpers/served-agent.ts";

// The driver of the runtime the tests run on (better-sqlite3 on Node).
const openDatabase = await loadDriver();

const startTestAgent = (options: { dataDir: string }) =>
  startServedAgent({ ...options, store: { kind: "sqlite", env: {} } });

let dataDir: string;
let path: string;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "agent-sqlite-"));
  path = join(dataDir, "jobs.db");
});

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

/**
 * The files that agents generated before PRAGMA user_version was kept wrote (it stayed 0), as
 * they wrote them: a fixture, so it never changes with the store's own migrations.
 */
const EARLIER_SCHEMAS: [label: string, ddl: string][] = [
  [
    "the first version, without leases",
    `CREATE TABLE IF NOT EXISTS jobs (
      id TEXT PRIMARY KEY,
      status TEXT NOT NULL,
      status_id TEXT NOT NULL,
      pending INTEGER NOT NULL,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      job TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS jobs_pending ON jobs (pending) WHERE pending = 1;`,
  ],
  [
    "the version with leases",
    `CREATE TABLE IF NOT EXISTS jobs (
      id TEXT PRIMARY KEY,
      status TEXT NOT NULL,
      status_id TEXT NOT NULL,
      pending INTEGER NOT NULL,
      lease_owner TEXT,
      lease_until INTEGER,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      job TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS jobs_pending ON jobs (lease_until) WHERE pending = 1;`,
  ],
];

/** Writes a file with `ddl` and `jobs` in it, as an earlier version of the agent left it. */
function writeEarlierFile(ddl: string, jobs: Job[]): void {
  const db = openDatabase(path);
  db.exec(ddl);
  const insert = db.prepare(
    `INSERT INTO jobs (id, status, status_id, pending, created_at, updated_at, job)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const job of jobs) {
    const pending = job.status === "running" ? 1 : 0;
    insert.run(
      job.id,
      job.status,
      job.statusId,
      pending,
      job.createdAt,
      job.updatedAt,
      JSON.stringify(job),
    );
  }
  db.close();
}

function userVersion(): number {
  const db = openDatabase(path);
  const { user_version } = db.prepare("PRAGMA user_version").get() as {
    user_version: number;
  };
  db.close();
  return user_version;
}

it("commits a create ahead of the transitions queued before it", async () => {
  const store = new SqliteJobStore(path, openDatabase);
  const lease = { owner: "a", until: Date.now() + 60_000 };
  try {
    const jobs = Array.from({ length: 600 }, () => newJob());
    await Promise.all(jobs.map((job) => store.create(job, lease)));
    const settled: string[] = [];
    // More transitions than one group holds, then a buyer's start: it must not wait for them all.
    const transitions = jobs.map((job) =>
      store.transition(job.id, job.statusId, { status: "completed" }).then(() => {
        settled.push("transition");
      }),
    );
    const created = store.create(newJob(), lease).then(() => settled.push("create"));
    await Promise.all([...transitions, created]);
    expect(settled.indexOf("create")).toBeLessThan(jobs.length / 2);
  } finally {
    await store.close();
  }
});

it("reports why a group failed to commit, also when SQLite rolled it back itself", async () => {
  let failCommit = false;
  // The real database, whose COMMIT fails as a full disk makes it fail: rolled back, then thrown.
  const failing = (file: string) => {
    const db = openDatabase(file);
    return {
      prepare: (sql: string) => db.prepare(sql),
      close: () => db.close(),
      exec: (sql: string) => {
        if (sql !== "COMMIT" || !failCommit) return db.exec(sql);
        failCommit = false;
        db.exec("ROLLBACK");
        throw new Error("database or disk is full");
      },
    };
  };
  const store = new SqliteJobStore(path, failing);
  try {
    const job = newJob();
    failCommit = true;
    await expect(store.create(job, { owner: "a", until: Date.now() + 60_000 })).rejects.toThrow(
      "database or disk is full",
    );
    expect(await store.get(job.id)).toBeUndefined();
    // The store goes on: the next write commits.
    await store.create(job, { owner: "a", until: Date.now() + 60_000 });
    expect(await store.get(job.id)).toEqual(job);
  } finally {
    await store.close();
  }
});

describe("the SQLite file", () => {
  it("is in WAL mode, under the data directory", async () => {
    const agent = await startTestAgent({ dataDir });
    const db = openDatabase(path);
    expect(db.prepare("PRAGMA journal_mode").get()).toEqual({
      journal_mode: "wal",
    });
    db.close();
    await agent.stop();
  });

  describe.each(EARLIER_SCHEMAS)("written by %s", (_label, ddl) => {
    it("is migrated: its jobs stay readable and can be claimed", async () => {
      const running = newJob({ status: "running" });
      const finished = newJob({ status: "completed", result: "done" });
      writeEarlierFile(ddl, [running, finished]);

      const store = new SqliteJobStore(path, openDatabase);
      expect(await store.get(running.id)).toEqual(running);
      expect(await store.get(finished.id)).toEqual(finished);
      const claimed = await store.claimExpired({ owner: "a", until: Date.now() + 60_000 }, 10);
      expect(claimed).toEqual([running]);
      expect(
        await store.claim(running.id, {
          owner: "b",
          until: Date.now() + 60_000,
        }),
      ).toBe(false);
      await store.close();
      expect(userVersion()).toBe(2);
    });

    it("runs its interrupted job again when the agent starts on it", async () => {
      const running = newJob({ status: "running" });
      writeEarlierFile(ddl, [running]);

      const agent = await startTestAgent({ dataDir });
      const done = await agent.waitForStatus(running.id, "completed");
      expect(done.result).toContain("Words: 1");
      await agent.stop();
    });
  });

  it("opens again without migrating twice", async () => {
    const job = newJob();
    const first = new SqliteJobStore(path, openDatabase);
    await first.create(job, { owner: "a", until: 0 });
    await first.close();

    const second = new SqliteJobStore(path, openDatabase);
    expect(await second.get(job.id)).toEqual(job);
    await second.close();
    expect(userVersion()).toBe(2);
  });

  it("writes nothing when it opens a file that is up to date", async () => {
    await new SqliteJobStore(path, openDatabase).close();
    const executed: string[] = [];
    const recording = (file: string) => {
      const db = openDatabase(file);
      return {
        exec: (sql: string) => (executed.push(sql), db.exec(sql)),
        prepare: (sql: string) => db.prepare(sql),
        close: () => db.close(),
      };
    };
    await new SqliteJobStore(path, recording).close();
    expect(executed.filter((sql) => /CREATE|ALTER|user_version =/.test(sql))).toEqual([]);
  });

  it("is refused when a newer version of the agent wrote it", () => {
    const db = openDatabase(path);
    db.exec("PRAGMA user_version = 99");
    db.close();
    expect(() => new SqliteJobStore(path, openDatabase)).toThrow(
      /schema version 99, written by a newer version/,
    );
  });
});
