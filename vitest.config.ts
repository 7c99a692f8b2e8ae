import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "packages/masumi-agent/test/**/*.test.ts"],
    // End-to-end tests install real dependencies and start real servers.
    testTimeout: 60_000,
    hookTimeout: 600_000,
    // Two cores: run test files in parallel, but not more than the machine can carry.
    maxWorkers: 2,
    reporters: ["default", "./test/helpers/summary-reporter.ts"],
  },
});
