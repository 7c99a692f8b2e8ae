import { DatabaseSync } from "node:sqlite";
import type { SqliteDatabase } from "./sqlite-database.ts";

/** Opens the file with node:sqlite, the SQLite built into Deno. */
export function openDatabase(path: string): SqliteDatabase {
  return new DatabaseSync(path);
}
