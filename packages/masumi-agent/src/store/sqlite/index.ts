import { join, relative, resolve } from "node:path";
import type { EnvReader } from "../../env.ts";
import type { Logger } from "../../log.ts";
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

export async function openStore(config: StoreConfig, log?: Logger): Promise<JobStore> {
  return new SqliteJobStore(config.path, await loadDriver(), { warn: (line) => log?.warn(line) });
}

export function describeStore(config: StoreConfig): string {
  return `in SQLite at ${relative(process.cwd(), config.path) || config.path}`;
}
