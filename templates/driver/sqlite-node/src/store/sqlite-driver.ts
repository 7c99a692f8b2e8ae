import Database from "better-sqlite3";
import type { SqliteDatabase } from "./sqlite-database.ts";

/** Opens the file with better-sqlite3, the fastest SQLite binding for Node. */
export function openDatabase(path: string): SqliteDatabase {
  return new Database(path);
}
