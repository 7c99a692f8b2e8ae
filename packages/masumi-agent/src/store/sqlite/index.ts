import { join, relative, resolve } from "node:path";
import type { EnvReader } from "../../env.ts";
import { loadDriver } from "./driver.ts";
import { SqliteJobStore } from "./sqlite.ts";
import type { JobStore } from "../store.ts";

/** This agent keeps its jobs in a SQLite file, so they survive restarts. */
export interface StoreConfig {
  kind: "sqlite";
  path: string;
}

export function readStoreConfig(env: EnvReader, dataDir: string): StoreConfig {
  return { kind: "sqlite", path: resolve(env.string("DATABASE_PATH", join(dataDir, "jobs.db"))) };
}

export async function openStore(config: StoreConfig): Promise<JobStore> {
  return new SqliteJobStore(config.path, await loadDriver());
}

export function describeStore(config: StoreConfig): string {
  return `in SQLite at ${relative(process.cwd(), config.path) || config.path}`;
}
