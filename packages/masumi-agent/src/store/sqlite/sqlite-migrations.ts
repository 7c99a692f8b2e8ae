import type { SqliteDatabase } from "./sqlite-database.ts";

/**
 * The schema, one step per version: PRAGMA user_version counts the steps a file has had. Append
 * new steps, never edit old ones: files written by every earlier version go through them.
 */
const MIGRATIONS = [
  // 1: the job kept whole as JSON; the columns beside it are the ones that are queried.
  `CREATE TABLE jobs (
    id TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    status_id TEXT NOT NULL,
    pending INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    job TEXT NOT NULL
  );
  CREATE INDEX jobs_pending ON jobs (pending) WHERE pending = 1;`,
  // 2: leases, so that processes sharing the file take over the jobs of one that died.
  `ALTER TABLE jobs ADD COLUMN lease_owner TEXT;
  ALTER TABLE jobs ADD COLUMN lease_until INTEGER;
  DROP INDEX jobs_pending;
  CREATE INDEX jobs_pending ON jobs (lease_until) WHERE pending = 1;`,
];

/**
 * Brings the file's schema up to date. Run it in a write transaction (BEGIN IMMEDIATE): of
 * processes that open an old file at once, one migrates and the others then find nothing to do.
 */
export function migrate(db: SqliteDatabase): void {
  const version = schemaVersion(db);
  if (version > MIGRATIONS.length) {
    throw new Error(
      `The jobs database has schema version ${version}, written by a newer version of this ` +
        `agent; this one knows versions up to ${MIGRATIONS.length}`,
    );
  }
  for (const step of MIGRATIONS.slice(version)) db.exec(step);
  // Set only when it changes: setting it again would still commit a write (an fsync, about 10 ms
  // at every start of an agent whose file is up to date).
  if (userVersion(db) !== MIGRATIONS.length) db.exec(`PRAGMA user_version = ${MIGRATIONS.length}`);
}

/**
 * The file's version. Agents generated before the version was kept left 0 in user_version; their
 * version shows in the columns they created.
 */
function schemaVersion(db: SqliteDatabase): number {
  const version = userVersion(db);
  if (version > 0) return version;
  const columns = db.prepare("PRAGMA table_info(jobs)").all() as { name: string }[];
  if (columns.length === 0) return 0;
  return columns.some((column) => column.name === "lease_owner") ? 2 : 1;
}

function userVersion(db: SqliteDatabase): number {
  const { user_version } = db.prepare("PRAGMA user_version").get() as { user_version: number };
  return user_version;
}
