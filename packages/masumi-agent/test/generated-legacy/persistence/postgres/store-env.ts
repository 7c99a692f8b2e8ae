import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe } from "vitest";
import { serverForTests } from "./store-server.ts";

// The PostgreSQL of the tests: TEST_DATABASE_URL, e.g. postgres://postgres@localhost:5432/postgres.
// Each test file works in a schema of its own, created before its tests and dropped after them,
// so tests see no other tables and leave nothing behind. Without TEST_DATABASE_URL the tests
// that need PostgreSQL skip.

/** Runs `action` on a connection of its own to `url`. */
async function withClient<T>(url: string, action: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await action(client);
  } finally {
    await client.end();
  }
}

/** `url` with `schema` first in the search path: the agent creates its tables there. */
function inSchema(url: string, schema: string): string {
  const withSchema = new URL(url);
  withSchema.searchParams.set("options", `-c search_path=${schema}`);
  return withSchema.href;
}

const serverUrl = await serverForTests("TEST_DATABASE_URL", "PostgreSQL", (url) =>
  withClient(url, (client) => client.query("SELECT 1")),
);
const schema = `agent_test_${randomBytes(6).toString("hex")}`;

/** For the tests that need the store: they skip when there is no PostgreSQL to test against. */
export const describeWithStore = describe.skipIf(serverUrl === undefined);

/** The environment that points an agent at this test file's schema. */
export const testStoreEnv: Record<string, string> =
  serverUrl === undefined ? {} : { DATABASE_URL: inSchema(serverUrl, schema) };

if (serverUrl !== undefined) {
  beforeAll(() => withClient(serverUrl, (client) => client.query(`CREATE SCHEMA ${schema}`)));
  afterAll(() => withClient(serverUrl, (client) => client.query(`DROP SCHEMA ${schema} CASCADE`)));
}
