/**
 * Environment for tests: TEST_REDIS_URL or a local Redis, with keys under "agent-test:" so that
 * they stay apart from the agent's own. Tests add jobs and leave them there.
 */
export const testStoreEnv: Record<string, string> = {
  REDIS_URL: process.env.TEST_REDIS_URL ?? "redis://localhost:6379",
  REDIS_KEY_PREFIX: "agent-test:",
};
