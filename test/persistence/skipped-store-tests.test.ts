import { execa } from "execa";
import { beforeAll, describe, expect, it } from "vitest";
import { installedProject } from "./store-fixtures.js";

/**
 * A generated PostgreSQL project's own tests need no database any more: test/agent.test.ts runs
 * the agent in memory through masumi-agent/testing, and the store's behaviour is tested in the
 * library. So no test skips for want of TEST_DATABASE_URL (the old projects' skip box is gone),
 * and a CI run without a database is as green as one on a laptop.
 */

async function projectTests(dir: string, env: Record<string, string | undefined>) {
  const run = await execa("npm", ["test"], {
    cwd: dir,
    env: { TEST_DATABASE_URL: undefined, DATABASE_URL: undefined, CI: undefined, NO_COLOR: "1", ...env },
    reject: false,
    timeout: 240_000,
  });
  return { exitCode: run.exitCode, output: `${run.stdout}\n${run.stderr}` };
}

/** The numbers of vitest's summary line: `Tests  7 passed | 12 skipped (19)`. */
function summary(output: string): { passed: number; skipped: number; total: number } {
  const line = /Tests\s+(.*)\((\d+)\)/.exec(output);
  expect(line, output).not.toBeNull();
  const count = (word: string) => Number(new RegExp(`(\\d+) ${word}`).exec(line?.[1] ?? "")?.[1] ?? 0);
  return { passed: count("passed"), skipped: count("skipped"), total: Number(line?.[2]) };
}

describe("the generated PostgreSQL project's tests without a database", () => {
  let dir: string;

  beforeAll(async () => {
    dir = await installedProject("postgres");
  }, 300_000);

  it("run in full, none skipped, with no database in the environment", async () => {
    const run = await projectTests(dir, {});
    expect(run.exitCode, run.output).toBe(0);
    const { passed, skipped, total } = summary(run.output);
    expect(skipped).toBe(0);
    expect(passed).toBe(total);
    expect(run.output).not.toContain("TEST_DATABASE_URL");
  }, 300_000);

  it("pass under CI=true as well", async () => {
    const run = await projectTests(dir, { CI: "true" });
    expect(run.exitCode, run.output).toBe(0);
    expect(summary(run.output).skipped).toBe(0);
  }, 300_000);
});
