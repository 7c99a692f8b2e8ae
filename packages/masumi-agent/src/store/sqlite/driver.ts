import type { SqliteDatabase } from "./sqlite-database.ts";

export type OpenDatabase = (path: string) => SqliteDatabase;

/**
 * The SQLite binding of the runtime this process runs on: bun:sqlite on Bun; node:sqlite on Deno
 * and on Node versions that have it (22.13 and later), so no native module is needed; else
 * better-sqlite3, an optional peer dependency. Imported on demand, so a runtime never loads the
 * others' bindings.
 */
export async function loadDriver(): Promise<OpenDatabase> {
  if ("Bun" in globalThis) return (await import("./driver-bun.ts")).openDatabase;
  const { importNodeSqlite, nodeSqliteDriver } = await import("./driver-node-sqlite.ts");
  const nodeSqlite = await importNodeSqlite();
  if (nodeSqlite) return nodeSqliteDriver(nodeSqlite);
  return (await import("./driver-better-sqlite3.ts")).betterSqlite3Driver();
}
