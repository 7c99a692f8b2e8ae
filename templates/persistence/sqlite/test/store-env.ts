/** Environment for tests: the database goes to the temporary DATA_DIR of each test. */
export const testStoreEnv: Record<string, string> = {};
