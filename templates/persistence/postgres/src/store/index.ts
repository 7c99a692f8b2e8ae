import type { EnvReader } from "../env.ts";
import { PostgresJobStore } from "./postgres.ts";
import type { JobStore } from "./store.ts";

/** This agent keeps its jobs in PostgreSQL: they survive restarts, and instances share them. */
export interface StoreConfig {
  kind: "postgres";
  url: string;
}

export function readStoreConfig(env: EnvReader, _dataDir: string): StoreConfig {
  const url = env.matching(
    "DATABASE_URL",
    /^postgres(ql)?:\/\/\S+$/,
    "a PostgreSQL URL such as postgres://user:password@localhost:5432/agent",
  );
  return { kind: "postgres", url: url ?? "postgres://localhost:5432/agent" };
}

export async function openStore(config: StoreConfig): Promise<JobStore> {
  return PostgresJobStore.open(config.url);
}

export function describeStore(config: StoreConfig): string {
  const { host, pathname } = new URL(config.url);
  return `in PostgreSQL at ${host}${pathname}`;
}
