import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import pg from "pg";
import { afterAll, describe } from "vitest";
import { EnvReader } from "../../src/env.ts";
import {
  openStore,
  readStoreConfig,
  type StoreKind,
} from "../../src/store/index.ts";
import type { JobStore } from "../../src/store/store.ts";

/**
 * The stores the library's tests run against: memory and SQLite always; the real PostgreSQL
 * (TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test) in a schema of this test
 * file's own, dropped after it; the real Redis (TEST_REDIS_URL, default redis://127.0.0.1:6379)
 * under a key prefix of its own, deleted after it. A server that does not answer skips its
 * tests with a message, and fails the run under CI=true.
 */
export interface TestStore {
  kind: StoreKind;
  /** What points an agent at this store (DATABASE_URL, REDIS_URL, ...). */
  env: Record<string, string>;
  /** Why its tests skip; undefined when they run. */
  skipped?: string;
}

const POSTGRES_URL =
  process.env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/test";
const REDIS_URL = process.env.TEST_REDIS_URL || "redis://127.0.0.1:6379";

async function withClient<T>(
  url: string,
  action: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: 5_000,
  });
  await client.connect();
  try {
    return await action(client);
  } finally {
    await client.end();
  }
}

async function withRedis<T>(
  url: string,
  action: (redis: Redis) => Promise<T>,
): Promise<T> {
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  // The failure to connect is the promise's; without a listener ioredis prints it again.
  redis.on("error", () => {});
  try {
    await redis.connect();
    return await action(redis);
  } finally {
    redis.disconnect();
  }
}

/** Why `probe` fails, or undefined when the server answers; under CI=true a failure throws. */
async function problemOf(
  server: string,
  variable: string,
  probe: () => Promise<unknown>,
) {
  try {
    await probe();
    return undefined;
  } catch (error) {
    const problem = `${server} at ${variable} does not answer (${(error as Error).message})`;
    if (process.env.CI === "true")
      throw new Error(`${problem}; CI=true, and CI must run them`);
    console.warn(`SKIPPED: the tests that need ${server}, since ${problem}`);
    return problem;
  }
}

const schema = `agent_test_${randomBytes(6).toString("hex")}`;
const prefix = `agent-test-${randomBytes(6).toString("hex")}:`;

function inSchema(url: string): string {
  const withSchema = new URL(url);
  withSchema.searchParams.set("options", `-c search_path=${schema}`);
  return withSchema.href;
}

let probed: Promise<TestStore[]> | undefined;

/** The four stores; the servers are probed (and the schema made) once per test file. */
export function testStores(): Promise<TestStore[]> {
  probed ??= (async (): Promise<TestStore[]> => {
    const postgres = await problemOf("PostgreSQL", "TEST_DATABASE_URL", () =>
      withClient(POSTGRES_URL, (client) =>
        client.query(`CREATE SCHEMA ${schema}`),
      ),
    );
    if (postgres === undefined) {
      afterAll(() =>
        withClient(POSTGRES_URL, (client) =>
          client.query(`DROP SCHEMA ${schema} CASCADE`),
        ),
      );
    }
    const redis = await problemOf("Redis", "TEST_REDIS_URL", () =>
      withRedis(REDIS_URL, (client) => client.ping()),
    );
    if (redis === undefined) afterAll(() => withRedis(REDIS_URL, deleteKeys));
    const stores: TestStore[] = [
      { kind: "memory", env: {} },
      { kind: "sqlite", env: {} },
      {
        kind: "postgres",
        env: { DATABASE_URL: inSchema(POSTGRES_URL) },
        skipped: postgres,
      },
      {
        kind: "redis",
        env: { REDIS_URL, REDIS_KEY_PREFIX: prefix },
        skipped: redis,
      },
    ];
    return stores;
  })();
  return probed;
}

async function deleteKeys(redis: Redis): Promise<void> {
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
}

/** The stores that keep jobs across a restart: all but memory. */
export const DURABLE = (store: TestStore) => store.kind !== "memory";

/**
 * `body` once per store (or per store that `which` keeps), in a describe named after it; a store
 * whose server is absent is skipped, visibly. Top-level await: call it at the top of a file.
 */
export async function describeEachStore(
  title: string,
  body: (store: TestStore) => void,
  which: (store: TestStore) => boolean = () => true,
): Promise<void> {
  for (const store of (await testStores()).filter(which)) {
    describe.skipIf(store.skipped !== undefined)(
      `${title} (${store.kind})`,
      () => body(store),
    );
  }
}

/** Opens `store` as an agent on `dataDir` would (its SQLite file lives there). */
export function openTestStore(
  store: TestStore,
  dataDir: string,
): Promise<JobStore> {
  return openStore(
    readStoreConfig(store.kind, new EnvReader(store.env), dataDir),
  );
}

export { POSTGRES_URL, REDIS_URL };
