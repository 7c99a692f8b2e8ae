/** Environment for tests: the in-memory store needs no settings. */
export const testStoreEnv: Record<string, string> = {};
