import { Database } from "bun:sqlite";
import type { SqliteDatabase } from "./sqlite-database.ts";

/** Opens the file with bun:sqlite, the SQLite built into Bun. */
export function openDatabase(path: string): SqliteDatabase {
  return new Database(path, { create: true });
}
