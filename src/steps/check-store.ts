import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { parseEnv } from "node:util";
import type { Persistence } from "../options.js";

/**
 * Where the check step's jobs go: never into the author's store. SQLite (and any file the agent
 * writes) goes to a throwaway DATA_DIR, PostgreSQL to a schema of its own, Redis under a key
 * prefix of its own; `remove` deletes all of it again.
 */
export interface CheckStore {
  /** Environment for the agent under check. */
  env: Record<string, string>;
  remove(): Promise<void>;
}

/** The store URLs a generated agent uses when none is set (its README and .env.example say so too). */
export const DEFAULT_STORE_URLS = {
  postgres: "postgres://postgres@localhost:5432/agent",
  redis: "redis://localhost:6379",
} as const;

/**
 * The value the agent would read for `name`: the environment first, then the project's .env
 * (the generated server loads it, and variables already set win), then the store's default.
 */
function agentSetting(targetDir: string, name: string, fallback: string): string {
  const envFile = join(targetDir, ".env");
  const fromFile = existsSync(envFile) ? parseEnv(readFileSync(envFile, "utf8"))[name] : undefined;
  return process.env[name] || fromFile || fallback;
}

/**
 * The store's client library from the generated project's own node_modules (Node, Bun and Deno,
 * whose deno.json asks for a node_modules directory, all have one): the CLI needs no driver of
 * its own, and talks to the store exactly as the agent does.
 */
function projectModule<T>(targetDir: string, name: string): T {
  return createRequire(join(targetDir, "package.json"))(name) as T;
}

interface PgClient {
  connect(): Promise<void>;
  query(sql: string): Promise<unknown>;
  end(): Promise<void>;
}
type PgModule = {
  Client: new (config: { connectionString: string; connectionTimeoutMillis: number }) => PgClient;
};

async function withPostgres(targetDir: string, url: string, sql: string): Promise<void> {
  const { Client } = projectModule<PgModule>(targetDir, "pg");
  const client = new Client({
    connectionString: url,
    connectionTimeoutMillis: 5_000,
  });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

interface RedisClient {
  connect(): Promise<void>;
  scan(cursor: string, ...args: (string | number)[]): Promise<[string, string[]]>;
  unlink(...keys: string[]): Promise<number>;
  disconnect(): void;
}
type RedisModule = {
  Redis: new (url: string, options: Record<string, unknown>) => RedisClient;
};

async function deleteRedisKeys(targetDir: string, url: string, prefix: string): Promise<void> {
  const { Redis } = projectModule<RedisModule>(targetDir, "ioredis");
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  try {
    await redis.connect();
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
      if (keys.length > 0) await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
}

/** `url` with `schema` first in the search path: the agent creates its tables there. */
function inSchema(url: string, schema: string): string {
  const withSchema = new URL(url);
  withSchema.searchParams.set("options", `-c search_path=${schema}`);
  return withSchema.href;
}

/**
 * Prepares a throwaway store for the check. The data directory lies under the project's data/
 * because that is where a Deno agent may write.
 */
export async function prepareCheckStore(targetDir: string, persistence: Persistence): Promise<CheckStore> {
  await mkdir(join(targetDir, "data"), { recursive: true });
  const dataDir = await mkdtemp(join(targetDir, "data", "check-"));
  const removeDataDir = () => rm(dataDir, { recursive: true, force: true });
  const suffix = randomBytes(6).toString("hex");
  try {
    if (persistence === "postgres") {
      const url = agentSetting(targetDir, "DATABASE_URL", DEFAULT_STORE_URLS.postgres);
      const schema = `masumi_check_${suffix}`;
      await withPostgres(targetDir, url, `CREATE SCHEMA ${schema}`);
      return {
        env: { DATA_DIR: dataDir, DATABASE_URL: inSchema(url, schema) },
        remove: async () => {
          await withPostgres(targetDir, url, `DROP SCHEMA IF EXISTS ${schema} CASCADE`);
          await removeDataDir();
        },
      };
    }
    if (persistence === "redis") {
      const url = agentSetting(targetDir, "REDIS_URL", DEFAULT_STORE_URLS.redis);
      const prefix = `masumi-check-${suffix}:`;
      return {
        env: { DATA_DIR: dataDir, REDIS_URL: url, REDIS_KEY_PREFIX: prefix },
        remove: async () => {
          await deleteRedisKeys(targetDir, url, prefix);
          await removeDataDir();
        },
      };
    }
  } catch (error) {
    await removeDataDir();
    throw error;
  }
  return { env: { DATA_DIR: dataDir }, remove: removeDataDir };
}
