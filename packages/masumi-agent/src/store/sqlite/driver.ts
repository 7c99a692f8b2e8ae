import type { SqliteDatabase } from "./sqlite-database.ts";

export type OpenDatabase = (path: string) => SqliteDatabase;

/**
 * The SQLite binding of the runtime this process runs on: bun:sqlite on Bun, node:sqlite on Deno,
 * better-sqlite3 (a peer dependency) on Node. Imported on demand, so a runtime never loads the
 * others' bindings.
 */
export async function loadDriver(): Promise<OpenDatabase> {
  if ("Bun" in globalThis) return (await import("./driver-bun.ts")).openDatabase;
  if ("Deno" in globalThis) return (await import("./driver-deno.ts")).openDatabase;
  return (await import("./driver-node.ts")).openDatabase;
}
