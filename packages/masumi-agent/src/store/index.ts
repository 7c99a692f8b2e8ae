import type { EnvReader } from "../env.ts";
import type { Logger } from "../log.ts";
import * as memory from "./memory/index.ts";
import * as postgres from "./postgres/index.ts";
import * as redis from "./redis/index.ts";
import * as sqlite from "./sqlite/index.ts";
import type { JobStore } from "./store.ts";

/** Where an agent keeps its jobs; the project's src/main.ts names one. */
export const STORE_KINDS = ["memory", "sqlite", "postgres", "redis"] as const;
export type StoreKind = (typeof STORE_KINDS)[number];

export type StoreConfig =
  | memory.StoreConfig
  | sqlite.StoreConfig
  | postgres.StoreConfig
  | redis.StoreConfig;

/** What each kind's module offers. Each opens its driver (a peer dependency) only when used. */
interface StoreModule<C extends StoreConfig> {
  readStoreConfig(env: EnvReader, dataDir: string): C;
  /** `log` takes what a store says while it runs (SQLite: its checkpointer thread failed). */
  openStore(config: C, log?: Logger): Promise<JobStore>;
  describeStore(config: C): string;
}

const STORES: { [K in StoreKind]: StoreModule<Extract<StoreConfig, { kind: K }>> } = {
  memory,
  sqlite,
  postgres,
  redis,
};

function storeOf(config: StoreConfig): StoreModule<StoreConfig> {
  // The map pairs each kind with the module that reads that kind's config.
  return STORES[config.kind] as StoreModule<StoreConfig>;
}

export function readStoreConfig(kind: StoreKind, env: EnvReader, dataDir: string): StoreConfig {
  return STORES[kind].readStoreConfig(env, dataDir);
}

export function openStore(config: StoreConfig, log?: Logger): Promise<JobStore> {
  return storeOf(config).openStore(config, log);
}

export function describeStore(config: StoreConfig): string {
  return storeOf(config).describeStore(config);
}
