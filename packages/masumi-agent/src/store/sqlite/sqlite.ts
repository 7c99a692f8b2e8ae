import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type { Job, JobPatch } from "../../jobs/types.ts";
import { isPending } from "../pending.ts";
import type { SqliteDatabase, SqliteStatement } from "./sqlite-database.ts";
import type { OpenDatabase } from "./driver.ts";
import { migrate } from "./sqlite-migrations.ts";
import type { JobStore, Lease } from "../store.ts";

type JobRow = { job: string };
// status, status_id, pending, updated_at, job, id: the order both statements bind them in.
type Columns = [string, string, number, number, string, string];

/** Jobs in a SQLite file: they survive restarts. Several processes may share the file. */
export class SqliteJobStore implements JobStore {
  readonly durable = true;
  readonly #db: SqliteDatabase;
  readonly #insert: SqliteStatement;
  readonly #update: SqliteStatement;
  readonly #select: SqliteStatement;
  readonly #claim: SqliteStatement;
  readonly #claimExpired: SqliteStatement;
  readonly #renew: SqliteStatement;
  readonly #release: SqliteStatement;
  readonly #transition: (id: string, expectedStatusId: string, patch: JobPatch) => Job | undefined;

  constructor(path: string, openDatabase: OpenDatabase) {
    mkdirSync(dirname(path), { recursive: true });
    this.#db = openDatabase(path);
    // busy_timeout makes a second writer wait for the lock instead of failing at once (set
    // first: switching to WAL takes a lock too); WAL lets readers go on while a job is written.
    this.#db.exec("PRAGMA busy_timeout = 5000");
    this.#db.exec("PRAGMA journal_mode = WAL");
    try {
      this.#immediate(() => migrate(this.#db));
    } catch (error) {
      this.#db.close();
      throw error;
    }
    this.#insert = this.#db.prepare(
      `INSERT INTO jobs
         (status, status_id, pending, updated_at, job, id, created_at, lease_owner, lease_until)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.#update = this.#db.prepare(
      `UPDATE jobs SET status = ?, status_id = ?, pending = ?, updated_at = ?, job = ?
       WHERE id = ?`,
    );
    this.#select = this.#db.prepare("SELECT job FROM jobs WHERE id = ?");
    this.#claim = this.#db.prepare(
      `UPDATE jobs SET lease_owner = ?, lease_until = ?
       WHERE id = ? AND (lease_until IS NULL OR lease_until <= ? OR lease_owner = ?)`,
    );
    // One statement, so the choice and the claim cannot be split by another process.
    this.#claimExpired = this.#db.prepare(
      `UPDATE jobs SET lease_owner = ?, lease_until = ?
       WHERE id IN (
         SELECT id FROM jobs WHERE pending = 1 AND (lease_until IS NULL OR lease_until <= ?)
         ORDER BY created_at LIMIT ?
       )
       RETURNING job`,
    );
    this.#renew = this.#db.prepare(
      "UPDATE jobs SET lease_until = ? WHERE id = ? AND lease_owner = ?",
    );
    this.#release = this.#db.prepare(
      "UPDATE jobs SET lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?",
    );
    // IMMEDIATE takes the write lock before the read, so no other process slips in between.
    this.#transition = (id, expectedStatusId, patch) =>
      this.#immediate(() => {
        const job = this.#read(id);
        if (!job || job.statusId !== expectedStatusId) return undefined;
        const updated: Job = { ...job, ...patch, updatedAt: Date.now() };
        this.#update.run(...columns(updated));
        return updated;
      });
  }

  async create(job: Job, lease: Lease): Promise<void> {
    this.#insert.run(...columns(job), job.createdAt, lease.owner, lease.until);
  }

  async get(id: string): Promise<Job | undefined> {
    return this.#read(id);
  }

  async transition(
    id: string,
    expectedStatusId: string,
    patch: JobPatch,
  ): Promise<Job | undefined> {
    return this.#transition(id, expectedStatusId, patch);
  }

  async claim(id: string, lease: Lease): Promise<boolean> {
    const now = Date.now();
    return this.#claim.run(lease.owner, lease.until, id, now, lease.owner).changes === 1;
  }

  async claimExpired(lease: Lease, limit: number): Promise<Job[]> {
    const rows = this.#claimExpired.all(lease.owner, lease.until, Date.now(), limit);
    return (rows as JobRow[]).map((row) => JSON.parse(row.job) as Job);
  }

  // One transaction for all ids: one commit (one fsync) instead of one per job, which stalled
  // every request for as long as a heartbeat renewed the leases of a busy process's jobs.
  async renew(ids: readonly string[], lease: Lease): Promise<void> {
    this.#immediate(() => {
      for (const id of ids) this.#renew.run(lease.until, id, lease.owner);
    });
  }

  async release(ids: readonly string[], owner: string): Promise<void> {
    this.#immediate(() => {
      for (const id of ids) this.#release.run(id, owner);
    });
  }

  async close(): Promise<void> {
    this.#db.close();
  }

  #read(id: string): Job | undefined {
    const row = this.#select.get(id) as JobRow | null | undefined;
    return row ? (JSON.parse(row.job) as Job) : undefined;
  }

  #immediate<T>(work: () => T): T {
    this.#db.exec("BEGIN IMMEDIATE");
    try {
      const result = work();
      this.#db.exec("COMMIT");
      return result;
    } catch (error) {
      this.#db.exec("ROLLBACK");
      throw error;
    }
  }
}

function columns(job: Job): Columns {
  return [
    job.status,
    job.statusId,
    isPending(job) ? 1 : 0,
    job.updatedAt,
    JSON.stringify(job),
    job.id,
  ];
}
