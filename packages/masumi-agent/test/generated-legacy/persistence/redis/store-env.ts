import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, describe } from "vitest";
import { serverForTests } from "./store-server.ts";

// The Redis of the tests: TEST_REDIS_URL, e.g. redis://localhost:6379. Each test file keeps its
// keys under a prefix of its own and deletes them after its tests, so tests see no other keys
// and leave nothing behind. Without TEST_REDIS_URL the tests that need Redis skip.

/** Runs `action` on a connection of its own to `url`, which fails at once when Redis is down. */
async function withRedis<T>(url: string, action: (redis: Redis) => Promise<T>): Promise<T> {
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  try {
    await redis.connect();
    return await action(redis);
  } finally {
    redis.disconnect();
  }
}

/** Deletes every key under `prefix`. */
async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
    if (keys.length > 0) await redis.unlink(...keys);
    cursor = next;
  } while (cursor !== "0");
}

const serverUrl = await serverForTests("TEST_REDIS_URL", "Redis", (url) =>
  withRedis(url, (redis) => redis.ping()),
);
const prefix = `agent-test-${randomBytes(6).toString("hex")}:`;

/** For the tests that need the store: they skip when there is no Redis to test against. */
export const describeWithStore = describe.skipIf(serverUrl === undefined);

/** The environment that points an agent at this test file's keys. */
export const testStoreEnv: Record<string, string> =
  serverUrl === undefined ? {} : { REDIS_URL: serverUrl, REDIS_KEY_PREFIX: prefix };

if (serverUrl !== undefined) {
  afterAll(() => withRedis(serverUrl, (redis) => deleteKeys(redis, prefix)));
}
