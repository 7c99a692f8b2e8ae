import pg from "pg";
import type { Job, JobPatch } from "../../jobs/types.ts";
import { isPending } from "../pending.ts";
import { PeekedJobs } from "../shared-jobs.ts";
import { StoreUnavailableError, type JobStore, type Lease } from "../store.ts";
import { TurnBatches, type Outcome } from "../turn-batches.ts";
import { WrittenJobs, type VersionedJob } from "../written-jobs.ts";

/**
 * The schema, one step per version; a start applies the steps the database has not seen. Append
 * new steps, never edit old ones. The job is kept whole as JSON text; the columns beside it are
 * the ones that are queried. `version` counts writes, for compare-and-set.
 */
const MIGRATIONS = [
  `CREATE TABLE jobs (
    id TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    pending BOOLEAN NOT NULL,
    version INTEGER NOT NULL,
    lease_owner TEXT,
    lease_until BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    job TEXT NOT NULL
  );
  CREATE INDEX jobs_pending ON jobs (lease_until) WHERE pending;`,
  // Room in each page for a job's next versions: an update that changes no indexed column then
  // stays in its page without new index entries (a HOT update), as a job's first two steps do.
  // Measured: 5% of updates were HOT at the default 100, 67% at 50 (38% at 70); PostgreSQL's
  // CPU per job fell by about a fifth.
  `ALTER TABLE jobs SET (fillfactor = 50);`,
];

/** Held while migrating, so that instances starting together migrate one after the other. */
const MIGRATION_LOCK = "SELECT pg_advisory_lock(hashtext('masumi-agent:job-store-migrations'))";
const MIGRATION_UNLOCK = "SELECT pg_advisory_unlock(hashtext('masumi-agent:job-store-migrations'))";

/**
 * How long to wait for a connection, and for the answer to one of the store's queries. While the
 * database is unreachable a request fails within these bounds and answers 503, instead of hanging
 * until TCP gives up (minutes, when the network is gone rather than the database). A healthy
 * database answers these small queries in milliseconds. Migration steps may take long: no bound.
 */
const CONNECT_TIMEOUT_MS = 5_000;
const QUERY_TIMEOUT_MS = 5_000;

type JobRow = { job: string; version: number };

/** A job's row as written: the columns that are queried, and the job as JSON text. */
interface JobColumns {
  id: string;
  status: string;
  pending: boolean;
  updatedAt: number;
  job: string;
}

type NewRow = JobColumns & { createdAt: number; lease: Lease };
/** A compare-and-set: written only if the row is still at `version`. */
type UpdatedRow = JobColumns & { version: number };

/**
 * The most rows in one batched statement (see TurnBatches). The reads, creates and updates of a
 * turn each go to the database as one statement: one round trip and one commit for all of them,
 * where each used to take a pooled connection and a round trip of its own.
 */
const BATCH_LIMIT = 500;

/** The turn's reads, one statement. */
const READ_JOBS = "SELECT id, job, version FROM jobs WHERE id = ANY($1::text[])";

/**
 * The turn's creates, one statement; an id that exists already is not inserted, nor returned.
 * The rows arrive as one JSON text: JSON.stringify escapes a batch of jobs' text natively, where
 * pg's array parameters escape it character by character in JavaScript.
 */
const INSERT_JOBS = `INSERT INTO jobs
    (id, status, pending, version, lease_owner, lease_until, created_at, updated_at, job)
  SELECT id, status, pending, 1, lease_owner, lease_until, created_at, updated_at, job
  FROM json_to_recordset($1::json) AS new (id text, status text, pending boolean,
    lease_owner text, lease_until bigint, created_at bigint, updated_at bigint, job text)
  ON CONFLICT (id) DO NOTHING
  RETURNING id`;

/** The turn's compare-and-sets, one statement (rows as JSON text too); returns the rows written. */
const UPDATE_JOBS = `UPDATE jobs SET status = new.status, pending = new.pending,
    updated_at = new.updated_at, job = new.job, version = jobs.version + 1
  FROM json_to_recordset($1::json) AS new (id text, status text, pending boolean,
    updated_at bigint, job text, version integer)
  WHERE jobs.id = new.id AND jobs.version = new.version
  RETURNING jobs.id`;

/** Jobs in PostgreSQL: they survive restarts, and several instances of the agent share them. */
export class PostgresJobStore implements JobStore {
  readonly durable = true;
  readonly #pool: pg.Pool;
  readonly #peeked = new PeekedJobs();
  readonly #written = new WrittenJobs();
  readonly #reads = new TurnBatches<string, JobRow | undefined>(
    (ids) => this.#batch(ids, (some) => this.#readBatch(some)),
    BATCH_LIMIT,
  );
  readonly #creates = new TurnBatches<NewRow, void>(
    (rows) => this.#batch(rows, (some) => this.#createBatch(some)),
    BATCH_LIMIT,
  );
  readonly #updates = new TurnBatches<UpdatedRow, boolean>(
    (rows) => this.#batch(rows, (some) => this.#updateBatch(some)),
    BATCH_LIMIT,
  );

  private constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  /** Connects and brings the schema up to date. */
  static async open(connectionString: string): Promise<PostgresJobStore> {
    const pool = new pg.Pool({ connectionString, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
    // A pooled connection that breaks while idle is dropped; the next query opens a new one.
    pool.on("error", () => {});
    const store = new PostgresJobStore(pool);
    try {
      await store.#migrate();
    } catch (error) {
      await pool.end();
      throw error;
    }
    return store;
  }

  async create(job: Job, lease: Lease): Promise<void> {
    const columns = jobColumns(job);
    await this.#creates.add({ ...columns, createdAt: job.createdAt, lease });
    this.#written.remember(job, columns.job, 1);
  }

  async get(id: string): Promise<Job | undefined> {
    const row = await this.#read(id);
    return row && (JSON.parse(row.job) as Job);
  }

  async peek(id: string): Promise<Readonly<Job> | undefined> {
    const row = await this.#read(id);
    return row && this.#peeked.parse(id, row.job);
  }

  async transition(
    id: string,
    expectedStatusId: string,
    patch: JobPatch,
  ): Promise<Job | undefined> {
    return this.#written.transition(
      id,
      expectedStatusId,
      patch,
      () => this.#readVersioned(id),
      (updated, text, version) => this.#updates.add({ ...jobColumns(updated, text), version }),
    );
  }

  async claim(id: string, lease: Lease): Promise<boolean> {
    const claimed = await this.#query(
      `UPDATE jobs SET lease_owner = $2, lease_until = $3
       WHERE id = $1 AND (lease_until IS NULL OR lease_until <= $4 OR lease_owner = $2)`,
      [id, lease.owner, lease.until, Date.now()],
    );
    return claimed.rowCount === 1;
  }

  async claimExpired(lease: Lease, limit: number): Promise<Job[]> {
    // SKIP LOCKED: instances sweeping at the same time take different jobs instead of waiting.
    const claimed = await this.#query<{ job: string }>(
      `UPDATE jobs SET lease_owner = $1, lease_until = $2
       WHERE id IN (
         SELECT id FROM jobs WHERE pending AND (lease_until IS NULL OR lease_until <= $3)
         ORDER BY created_at LIMIT $4
         FOR UPDATE SKIP LOCKED
       )
       RETURNING job`,
      [lease.owner, lease.until, Date.now(), limit],
    );
    return claimed.rows.map((row) => JSON.parse(row.job) as Job);
  }

  async renew(ids: readonly string[], lease: Lease): Promise<void> {
    await this.#query("UPDATE jobs SET lease_until = $3 WHERE id = ANY($1) AND lease_owner = $2", [
      ids,
      lease.owner,
      lease.until,
    ]);
  }

  async release(ids: readonly string[], owner: string): Promise<void> {
    await this.#query(
      "UPDATE jobs SET lease_owner = NULL, lease_until = NULL WHERE id = ANY($1) AND lease_owner = $2",
      [ids, owner],
    );
  }

  async close(): Promise<void> {
    await Promise.all([this.#reads.flush(), this.#creates.flush(), this.#updates.flush()]);
    await this.#pool.end();
  }

  #read(id: string): Promise<JobRow | undefined> {
    return this.#reads.add(id);
  }

  async #readVersioned(id: string): Promise<VersionedJob | undefined> {
    const row = await this.#read(id);
    return row && { job: JSON.parse(row.job) as Job, version: row.version };
  }

  /**
   * Runs a batch in one statement. When the database refuses the statement (not the connection),
   * one item may be the cause: each then runs alone, so that it fails alone.
   */
  async #batch<I, O>(
    items: I[],
    run: (items: I[]) => Promise<Outcome<O>[]>,
  ): Promise<Outcome<O>[]> {
    try {
      return await run(items);
    } catch (error) {
      if (items.length === 1 || error instanceof StoreUnavailableError) throw error;
      return Promise.all(
        items.map((item) =>
          this.#batch([item], run).then(
            ([outcome]) => outcome!,
            (alone: unknown): Outcome<O> => ({ ok: false, error: alone }),
          ),
        ),
      );
    }
  }

  async #readBatch(ids: string[]): Promise<Outcome<JobRow | undefined>[]> {
    const result = await this.#query<JobRow & { id: string }>(READ_JOBS, [ids], "jobs-read");
    const rows = new Map(result.rows.map((row) => [row.id, row]));
    return ids.map((id) => ({ ok: true, value: rows.get(id) }));
  }

  async #createBatch(rows: NewRow[]): Promise<Outcome<void>[]> {
    // An id twice in one batch: its second create fails as a duplicate, whatever the first did.
    const unique = firstOfEachId(rows);
    const inserted = await this.#query<{ id: string }>(
      INSERT_JOBS,
      [
        JSON.stringify(
          unique.map((row) => ({
            id: row.id,
            status: row.status,
            pending: row.pending,
            lease_owner: row.lease.owner,
            lease_until: row.lease.until,
            created_at: row.createdAt,
            updated_at: row.updatedAt,
            job: row.job,
          })),
        ),
      ],
      "jobs-create",
    );
    const created = new Set(inserted.rows.map((row) => row.id));
    const tried = new Set(unique);
    return rows.map((row) =>
      tried.has(row) && created.has(row.id)
        ? { ok: true, value: undefined }
        : { ok: false, error: new Error(`Job ${row.id} exists already`) },
    );
  }

  async #updateBatch(rows: UpdatedRow[]): Promise<Outcome<boolean>[]> {
    // Two writes of one job in a batch: the second counts as lost, and reads the job again.
    const unique = firstOfEachId(rows);
    const updated = await this.#query<{ id: string }>(
      UPDATE_JOBS,
      [
        JSON.stringify(
          unique.map((row) => ({
            id: row.id,
            status: row.status,
            pending: row.pending,
            updated_at: row.updatedAt,
            job: row.job,
            version: row.version,
          })),
        ),
      ],
      "jobs-update",
    );
    const written = new Set(updated.rows.map((row) => row.id));
    const tried = new Set(unique);
    return rows.map((row) => ({ ok: true, value: tried.has(row) && written.has(row.id) }));
  }

  /**
   * Runs one statement. A `name` makes it a prepared statement, parsed and planned once per
   * pooled connection instead of at every call: for the statements each job runs.
   */
  async #query<Row extends pg.QueryResultRow = pg.QueryResultRow>(
    sql: string,
    values: unknown[],
    name?: string,
  ): Promise<pg.QueryResult<Row>> {
    // pg reads query_timeout from the query too, though its types leave it out there.
    const query: pg.QueryConfig & { query_timeout: number } = {
      text: sql,
      values,
      query_timeout: QUERY_TIMEOUT_MS,
      ...(name === undefined ? {} : { name }),
    };
    try {
      return await this.#pool.query<Row>(query);
    } catch (error) {
      throw isConnectionError(error) ? new StoreUnavailableError(error) : error;
    }
  }

  async #migrate(): Promise<void> {
    const client = await this.#pool.connect();
    try {
      await client.query(MIGRATION_LOCK);
      await client.query(
        "CREATE TABLE IF NOT EXISTS job_store_migrations (version INTEGER PRIMARY KEY)",
      );
      const applied = await client.query<{ version: number }>(
        "SELECT coalesce(max(version), 0) AS version FROM job_store_migrations",
      );
      for (let version = applied.rows[0]!.version; version < MIGRATIONS.length; version++) {
        await client.query("BEGIN");
        await client.query(MIGRATIONS[version]!);
        await client.query("INSERT INTO job_store_migrations (version) VALUES ($1)", [version + 1]);
        await client.query("COMMIT");
      }
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      throw error;
    } finally {
      await client.query(MIGRATION_UNLOCK).catch(() => {});
      client.release();
    }
  }
}

function jobColumns(job: Job, text = JSON.stringify(job)): JobColumns {
  return {
    id: job.id,
    status: job.status,
    pending: isPending(job),
    updatedAt: job.updatedAt,
    job: text,
  };
}

/** The rows whose id no row before them has. */
function firstOfEachId<R extends { id: string }>(rows: R[]): R[] {
  const ids = new Set<string>();
  return rows.filter((row) => !ids.has(row.id) && ids.add(row.id));
}

/**
 * Whether the database could not be reached (connection refused or lost, server shutting down),
 * as opposed to a query it refused. SQLSTATE class 08 is "connection exception", 57P "operator
 * intervention" (shutdown); the other codes are Node's socket errors.
 */
export function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== "string") return /connection|timeout/i.test(error.message);
  return /^(08|57P)/.test(code) || /^E[A-Z]+$/.test(code);
}
