/**
 * Environment for tests: a PostgreSQL database for tests, TEST_DATABASE_URL or a local one
 * (create it with `createdb agent_test`). Tests add jobs and leave them there.
 */
export const testStoreEnv: Record<string, string> = {
  DATABASE_URL: process.env.TEST_DATABASE_URL ?? "postgres://postgres@localhost:5432/agent_test",
};
