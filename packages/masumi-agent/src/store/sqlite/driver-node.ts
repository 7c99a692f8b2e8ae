import Database from "better-sqlite3";
import type { SqliteDatabase, SqlValue } from "./sqlite-database.ts";

/** Opens the file with better-sqlite3, the fastest SQLite binding for Node. */
export function openDatabase(path: string): SqliteDatabase {
  const db = new Database(path);
  return {
    exec: (sql) => db.exec(sql),
    // Positional parameters only, as the store binds them.
    prepare: (sql) => db.prepare<SqlValue[]>(sql),
    close: () => db.close(),
  };
}
