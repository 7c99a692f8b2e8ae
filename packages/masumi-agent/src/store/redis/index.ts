import { ConfigError } from "../../config.ts";
import type { EnvReader } from "../../env.ts";
import type { JobStore } from "../store.ts";

/** This agent keeps its jobs in Redis: they survive restarts, and instances share them. */
export interface StoreConfig {
  kind: "redis";
  url: string;
  /** Put before every key, so that several agents can share one Redis. */
  keyPrefix: string;
}

export function readStoreConfig(env: EnvReader, _dataDir: string): StoreConfig {
  const url = env.matching(
    "REDIS_URL",
    /^rediss?:\/\/\S+$/,
    "a Redis URL such as redis://localhost:6379 or rediss://user:password@host:6380/0",
  );
  return {
    kind: "redis",
    url: url ?? "redis://localhost:6379",
    keyPrefix: env.string("REDIS_KEY_PREFIX", "agent:"),
  };
}

/**
 * Opens the store; a Redis that cannot be reached is a configuration error that says why.
 * ioredis, a peer dependency, is loaded here: a project on another store need not install it.
 */
export async function openStore(config: StoreConfig): Promise<JobStore> {
  const { RedisJobStore } = await import("./redis.ts");
  try {
    return await RedisJobStore.open(config.url, config.keyPrefix);
  } catch (error) {
    const { startProblem } = await import("./start-problem.ts");
    const problem = startProblem(error, config.url);
    throw problem === undefined ? error : new ConfigError([problem]);
  }
}

export function describeStore(config: StoreConfig): string {
  const { host, pathname } = new URL(config.url);
  return `in Redis at ${host}${pathname}, keys under "${config.keyPrefix}"`;
}
