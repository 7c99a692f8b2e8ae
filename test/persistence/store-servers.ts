import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import pg from "pg";

/**
 * The real PostgreSQL and Redis of the machine, for tests of the stores that use them. Each test
 * run gets its own database or key prefix and removes it afterwards. Where a server is absent the
 * tests skip with a message, except under CI, where they must run.
 */

export const POSTGRES_URL =
  process.env.TEST_POSTGRES_URL ??
  "postgres://postgres@127.0.0.1:5432/postgres";
export const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

export interface StoreServer {
  /** The environment that points a generated agent at this run's database or key prefix. */
  env: Record<string, string>;
  /** Drops the database, or deletes the keys, of this run. */
  remove(): Promise<void>;
}

/** Whether `probe` succeeds; false with a visible message, or an error under CI, when it does not. */
export async function serverAvailable(
  name: string,
  probe: () => Promise<void>,
): Promise<boolean> {
  try {
    await probe();
    return true;
  } catch (error) {
    const message = `${name} is not reachable (${(error as Error).message})`;
    if (process.env.CI === "true")
      throw new Error(`${message}; CI must run these tests`);
    console.warn(`SKIPPED: ${message}; its store tests do not run`);
    return false;
  }
}

export function postgresAvailable(): Promise<boolean> {
  return serverAvailable(`PostgreSQL at ${POSTGRES_URL}`, async () => {
    const client = new pg.Client({
      connectionString: POSTGRES_URL,
      connectionTimeoutMillis: 2000,
    });
    await client.connect();
    await client.end();
  });
}

export function redisAvailable(): Promise<boolean> {
  return serverAvailable(`Redis at ${REDIS_URL}`, async () => {
    const redis = new Redis(REDIS_URL, {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    try {
      await redis.connect();
      await redis.ping();
    } finally {
      redis.disconnect();
    }
  });
}

async function withPostgres<T>(
  action: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    return await action(client);
  } finally {
    await client.end();
  }
}

/** A fresh PostgreSQL database for this run. */
export async function freshPostgres(): Promise<StoreServer> {
  const name = `cma_test_${randomBytes(6).toString("hex")}`;
  await withPostgres((client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString() },
    remove: () =>
      withPostgres((client) =>
        client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
      ).then(() => {}),
  };
}

/** A fresh key prefix in Redis for this run. */
export async function freshRedis(): Promise<StoreServer> {
  const prefix = `cma-test-${randomBytes(6).toString("hex")}:`;
  return {
    env: { REDIS_URL, REDIS_KEY_PREFIX: prefix },
    async remove() {
      const redis = new Redis(REDIS_URL);
      try {
        let cursor = "0";
        do {
          const [next, keys] = await redis.scan(
            cursor,
            "MATCH",
            `${prefix}*`,
            "COUNT",
            1000,
          );
          if (keys.length > 0) await redis.unlink(...keys);
          cursor = next;
        } while (cursor !== "0");
      } finally {
        redis.disconnect();
      }
    },
  };
}
