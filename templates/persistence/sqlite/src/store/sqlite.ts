import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import type { Job, JobPatch } from "../jobs/types.ts";
import { isPending } from "./pending.ts";
import type { JobStore } from "./store.ts";

// The job is kept whole as JSON; the columns beside it are the ones that are queried.
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS jobs (
    id TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    status_id TEXT NOT NULL,
    pending INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    job TEXT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS jobs_pending ON jobs (pending) WHERE pending = 1;
`;

type JobRow = { job: string };
// status, status_id, pending, updated_at, job, id: the order both statements bind them in.
type Columns = [string, string, number, number, string, string];

/** Jobs in a SQLite file: they survive restarts. Several processes may share the file. */
export class SqliteJobStore implements JobStore {
  readonly #db: Database.Database;
  readonly #insert: Database.Statement<[...Columns, number]>;
  readonly #update: Database.Statement<Columns>;
  readonly #select: Database.Statement<[string], JobRow>;
  readonly #selectPending: Database.Statement<[], JobRow>;
  readonly #transition: (id: string, expectedStatusId: string, patch: JobPatch) => Job | undefined;

  constructor(path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.#db = new Database(path);
    // WAL lets readers go on while a job is written; busy_timeout makes a second writer wait
    // for the lock instead of failing at once.
    this.#db.pragma("journal_mode = WAL");
    this.#db.pragma("busy_timeout = 5000");
    this.#db.exec(SCHEMA);
    this.#insert = this.#db.prepare(
      `INSERT INTO jobs (status, status_id, pending, updated_at, job, id, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    this.#update = this.#db.prepare(
      `UPDATE jobs SET status = ?, status_id = ?, pending = ?, updated_at = ?, job = ?
       WHERE id = ?`,
    );
    this.#select = this.#db.prepare("SELECT job FROM jobs WHERE id = ?");
    this.#selectPending = this.#db.prepare(
      "SELECT job FROM jobs WHERE pending = 1 ORDER BY created_at",
    );
    const transition = this.#db.transaction(
      (id: string, expectedStatusId: string, patch: JobPatch): Job | undefined => {
        const job = this.#read(id);
        if (!job || job.statusId !== expectedStatusId) return undefined;
        const updated: Job = { ...job, ...patch, updatedAt: Date.now() };
        this.#update.run(...columns(updated));
        return updated;
      },
    );
    // IMMEDIATE takes the write lock before the read, so no other process slips in between.
    this.#transition = (id, expectedStatusId, patch) =>
      transition.immediate(id, expectedStatusId, patch);
  }

  async create(job: Job): Promise<void> {
    this.#insert.run(...columns(job), job.createdAt);
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

  async listPending(): Promise<Job[]> {
    return this.#selectPending.all().map((row) => JSON.parse(row.job) as Job);
  }

  async close(): Promise<void> {
    this.#db.close();
  }

  #read(id: string): Job | undefined {
    const row = this.#select.get(id);
    return row && (JSON.parse(row.job) as Job);
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
