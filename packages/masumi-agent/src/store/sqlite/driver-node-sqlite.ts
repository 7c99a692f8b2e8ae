import type { SqliteDatabase } from "./sqlite-database.ts";

type NodeSqlite = typeof import("node:sqlite");

/**
 * node:sqlite, or undefined where this runtime has none (Node before 22.13 without a flag).
 * Node 22 and 23 warn on stderr that it is experimental; that one warning is dropped while the
 * module loads, so an agent's log stays its own. Every other warning passes through.
 */
export async function importNodeSqlite(): Promise<NodeSqlite | undefined> {
  const emitWarning = process.emitWarning;
  process.emitWarning = function (this: unknown, warning: string | Error, ...rest: unknown[]) {
    const type = typeof rest[0] === "string" ? rest[0] : (rest[0] as { type?: string } | undefined)?.type;
    const text = typeof warning === "string" ? warning : warning.message;
    if (type === "ExperimentalWarning" && /SQLite/i.test(text)) return;
    return (emitWarning as (...args: unknown[]) => void).call(process, warning, ...rest);
  } as typeof process.emitWarning;
  try {
    return await import("node:sqlite");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ERR_UNKNOWN_BUILTIN_MODULE") return undefined;
    throw error;
  } finally {
    process.emitWarning = emitWarning;
  }
}

/** Opens the file with node:sqlite, the SQLite built into Node (22.13 and later) and Deno. */
export function nodeSqliteDriver({ DatabaseSync }: NodeSqlite): (path: string) => SqliteDatabase {
  return (path) => new DatabaseSync(path);
}
