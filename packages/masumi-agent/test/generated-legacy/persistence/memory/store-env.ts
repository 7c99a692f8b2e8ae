import { describe } from "vitest";

/** For the tests that need the store: the in-memory store needs no server, so they always run. */
export const describeWithStore = describe;

/** Environment for tests: the in-memory store needs no settings. */
export const testStoreEnv: Record<string, string> = {};
