import { describe } from "vitest";

/** For the tests that need the store: SQLite needs no server, so they always run. */
export const describeWithStore = describe;

/** Environment for tests: the database goes to the temporary DATA_DIR of each test. */
export const testStoreEnv: Record<string, string> = {};
