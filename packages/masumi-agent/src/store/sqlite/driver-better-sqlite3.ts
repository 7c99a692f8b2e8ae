import type { SqliteDatabase, SqlValue } from "./sqlite-database.ts";

/**
 * better-sqlite3, the binding for Node versions without node:sqlite. It is an optional peer
 * dependency: a project without it gets one line that says what to install.
 */
export async function betterSqlite3Driver(): Promise<(path: string) => SqliteDatabase> {
  let Database: typeof import("better-sqlite3");
  try {
    Database = (await import("better-sqlite3")).default;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ERR_MODULE_NOT_FOUND") throw error;
    throw new Error(
      `The SQLite store on Node ${process.versions.node} needs better-sqlite3: run \`npm install better-sqlite3\` ` +
        "(or use Node 22.13 or later, which has node:sqlite built in)",
    );
  }
  return (path) => {
    const db = new Database(path);
    return {
      exec: (sql) => db.exec(sql),
      // Positional parameters only, as the store binds them.
      prepare: (sql) => db.prepare<SqlValue[]>(sql),
      close: () => db.close(),
    };
  };
}
