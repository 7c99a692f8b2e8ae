import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type { Job, JobPatch } from "../../jobs/types.ts";
import { isPending } from "../pending.ts";
import { PeekedJobs } from "../shared-jobs.ts";
import { outcomeOf, TurnBatches, type Outcome } from "../turn-batches.ts";
import type { SqliteDatabase, SqliteStatement } from "./sqlite-database.ts";
import type { OpenDatabase } from "./driver.ts";
import { migrate } from "./sqlite-migrations.ts";
import { WalCheckpointer, workerScript, type WorkerScript } from "./wal-checkpointer.ts";
import type { JobStore, Lease } from "../store.ts";

type JobRow = { job: string };

// status, status_id, pending, updated_at, job, id: the order both statements bind them in.
type Columns = [string, string, number, number, string, string];

export interface SqliteStoreOptions {
  /** Hears of trouble the store works around: its checkpointer thread failed. */
  warn?: (line: string) => void;
  /** What the checkpointer thread runs (see workerScript). */
  checkpointer?: WorkerScript;
}

/**
 * The most writes committed in one transaction. A turn's creates (at most one per open
 * connection) go first and the queued transitions fill the rest, so the room must exceed the
 * writes a busy turn adds (each job brings three transitions) or they pile up without bound.
 * Measured at 50 connections: 64 let 2,000 transitions queue and made a start wait behind them
 * (p99 116-160 ms); groups of 256 take 2.5 ms at the median and 15-36 ms at most, against the
 * 35-206 ms of unbounded groups of 600-1,600 writes.
 */
const GROUP_LIMIT = 256;

/**
 * The WAL pages after which the store's own connection checkpoints: SQLite's default while it
 * does so, and a safety net once the checkpointer thread does (should it fall far behind).
 */
const WRITER_CHECKPOINT_PAGES = 1000;
const FALLBACK_CHECKPOINT_PAGES = 10_000;

/**
 * Jobs in a SQLite file: they survive restarts. Several processes may share the file.
 *
 * Creates and transitions are group-committed (see TurnBatches): those requested in the same
 * turn of the event loop run in one transaction at the next, each as its own statements (one
 * that fails, e.g. a duplicate id, fails alone), and each promise settles only after the COMMIT,
 * so a job is on disk before its caller goes on. A thread of its own copies the WAL into the
 * file (WalCheckpointer), so no COMMIT on the event loop does that.
 */
export class SqliteJobStore implements JobStore {
  readonly durable = true;
  readonly #db: SqliteDatabase;
  readonly #writes = new TurnBatches<() => unknown, unknown>(
    (writes) => this.#commitGroup(writes),
    GROUP_LIMIT,
  );
  readonly #peeked = new PeekedJobs();
  readonly #insert: SqliteStatement;
  readonly #update: SqliteStatement;
  readonly #select: SqliteStatement;
  readonly #dataVersion: SqliteStatement;
  #turnFileVersion: number | undefined;
  readonly #claim: SqliteStatement;
  readonly #claimExpired: SqliteStatement;
  readonly #renew: SqliteStatement;
  readonly #release: SqliteStatement;
  readonly #checkpointer: WalCheckpointer;
  #closed = false;

  constructor(path: string, openDatabase: OpenDatabase, options: SqliteStoreOptions = {}) {
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
    this.#dataVersion = this.#db.prepare("PRAGMA data_version");
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
    this.#checkpointer = new WalCheckpointer(
      path,
      {
        ready: () => this.#checkpointEvery(FALLBACK_CHECKPOINT_PAGES),
        failed: (error) => {
          if (this.#closed) return;
          this.#checkpointEvery(WRITER_CHECKPOINT_PAGES);
          options.warn?.(`${error.message}; the store's own connection checkpoints the WAL again`);
        },
      },
      options.checkpointer ?? workerScript(),
    );
  }

  create(job: Job, lease: Lease): Promise<void> {
    // A buyer's /start_job waits on it: ahead of the queued transitions (see addFirst).
    return this.#writes.addFirst(() => {
      this.#insert.run(...columns(job), job.createdAt, lease.owner, lease.until);
      this.#peeked.forget(job.id);
    }) as Promise<void>;
  }

  async get(id: string): Promise<Job | undefined> {
    return this.#read(id);
  }

  /**
   * Unread while the file is as it was at the last peek of this job: SQLite's data_version
   * changes with every commit of another connection, another process's included, and this
   * connection's own writes of a job forget its stamp (see PeekedJobs).
   */
  async peek(id: string): Promise<Readonly<Job> | undefined> {
    const stamp = this.#fileVersion();
    const unchanged = this.#peeked.unchanged(id, stamp);
    if (unchanged) return unchanged;
    const text = this.#jobText(id);
    return text === undefined ? undefined : this.#peeked.parse(id, text, stamp);
  }

  async transition(
    id: string,
    expectedStatusId: string,
    patch: JobPatch,
  ): Promise<Job | undefined> {
    // Inside the group's IMMEDIATE transaction: no other process writes between read and write.
    return this.#grouped(() => {
      const job = this.#read(id);
      if (!job || job.statusId !== expectedStatusId) return undefined;
      const updated: Job = { ...job, ...patch, updatedAt: Date.now() };
      this.#update.run(...columns(updated));
      this.#peeked.forget(id);
      return updated;
    });
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
    await this.#writes.flush();
    await this.#checkpointer.stop();
    this.#closed = true;
    this.#db.close();
  }

  #grouped<T>(write: () => T): Promise<T> {
    return this.#writes.add(write) as Promise<T>;
  }

  /**
   * Runs a group of writes in one IMMEDIATE transaction, each caught alone. When BEGIN or COMMIT
   * fails, nothing of the group was written and TurnBatches fails them all.
   */
  #commitGroup(writes: (() => unknown)[]): Outcome<unknown>[] {
    return this.#immediate(() => writes.map(outcomeOf));
  }

  /** The job's stored JSON text, which read and peek parse each in their own way. */
  #jobText(id: string): string | undefined {
    return (this.#select.get(id) as JobRow | null | undefined)?.job;
  }

  /**
   * The file's data_version, asked once per turn of the event loop: asking starts a read
   * transaction, which costs as much as the read it would spare. So a peek sees what other
   * processes committed from the next turn on (well under a millisecond later), as if it had
   * run at the start of its turn; this process's own writes it sees at once.
   */
  #fileVersion(): number {
    if (this.#turnFileVersion === undefined) {
      this.#turnFileVersion = (this.#dataVersion.get() as { data_version: number }).data_version;
      setImmediate(() => (this.#turnFileVersion = undefined));
    }
    return this.#turnFileVersion;
  }

  #read(id: string): Job | undefined {
    const text = this.#jobText(id);
    return text === undefined ? undefined : (JSON.parse(text) as Job);
  }

  #checkpointEvery(pages: number): void {
    if (!this.#closed) this.#db.exec(`PRAGMA wal_autocheckpoint = ${pages}`);
  }

  #immediate<T>(work: () => T): T {
    this.#db.exec("BEGIN IMMEDIATE");
    try {
      const result = work();
      this.#db.exec("COMMIT");
      // Undefined while the constructor migrates.
      this.#checkpointer?.wrote();
      return result;
    } catch (error) {
      try {
        this.#db.exec("ROLLBACK");
      } catch {
        // SQLite rolled back itself (a COMMIT that failed on a full disk or an I/O error does):
        // the error to report is the first one, not "no transaction is active".
      }
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
