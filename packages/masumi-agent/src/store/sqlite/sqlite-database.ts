/**
 * What the SQLite store needs of a SQLite binding: the part that better-sqlite3 (Node),
 * bun:sqlite (Bun) and node:sqlite (Node 22.13+, Deno) share. driver.ts opens one with the
 * binding of this project's runtime.
 */
export type SqlValue = string | number | null;

export interface SqliteStatement {
  run(...params: SqlValue[]): { changes: number | bigint };
  /** The first row; undefined, or null with bun:sqlite, when there is none. */
  get(...params: SqlValue[]): unknown;
  all(...params: SqlValue[]): unknown[];
}

export interface SqliteDatabase {
  exec(sql: string): unknown;
  prepare(sql: string): SqliteStatement;
  close(): unknown;
}
