import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "packages/masumi-agent/test/**/*.test.ts"],
    // The generated projects' former tests, waiting to be ported (see its README).
    exclude: [...configDefaults.exclude, "packages/masumi-agent/test/generated-legacy/**"],
    // End-to-end tests install real dependencies and start real servers.
    testTimeout: 60_000,
    hookTimeout: 600_000,
    // Two cores: run test files in parallel, but not more than the machine can carry.
    maxWorkers: 2,
    reporters: ["default", "./test/helpers/summary-reporter.ts"],
  },
});
