import { execa } from "execa";
import { beforeAll, describe, expect, it } from "vitest";
import { installedProject, storeAvailable } from "./store-fixtures.js";
import { POSTGRES_URL } from "./store-servers.js";

/**
 * A generated project's own test run without its test database: it stays green (the tests that
 * need PostgreSQL skip) but ends with a box that counts them and gives the command that runs
 * them; under CI=true the run fails instead; with the database, everything runs and no box.
 */

// Two files of the suite keep the runs short: one whose tests all need the store, one without.
const FILES = ["test/store.test.ts", "test/hash.test.ts"];

const BOX_CORNER = "┌";

async function projectTests(
  dir: string,
  env: Record<string, string | undefined>,
) {
  const run = await execa("npm", ["test", "--", ...FILES], {
    cwd: dir,
    env: { TEST_DATABASE_URL: undefined, CI: undefined, NO_COLOR: "1", ...env },
    reject: false,
    timeout: 240_000,
  });
  return { exitCode: run.exitCode, output: `${run.stdout}\n${run.stderr}` };
}

/** The numbers of vitest's summary line: `Tests  7 passed | 12 skipped (19)`. */
function summary(output: string): { skipped: number; total: number } {
  const line = /Tests\s+(.*)\((\d+)\)/.exec(output);
  expect(line, output).not.toBeNull();
  const skipped = /(\d+) skipped/.exec(line?.[1] ?? "")?.[1];
  return { skipped: Number(skipped ?? 0), total: Number(line?.[2]) };
}

const postgresReady = await storeAvailable("postgres");

describe("the generated project's tests without their database", () => {
  let dir: string;

  beforeAll(async () => {
    dir = await installedProject("postgres");
  }, 300_000);

  it("end with a box that counts the skipped tests and says how to run them", async () => {
    const run = await projectTests(dir, {});
    expect(run.exitCode, run.output).toBe(0);
    const { skipped, total } = summary(run.output);
    expect(skipped).toBeGreaterThan(0);
    const box = run.output.slice(run.output.lastIndexOf(BOX_CORNER));
    // The box comes last, after vitest's summary.
    expect(run.output.indexOf(BOX_CORNER)).toBeGreaterThan(
      run.output.lastIndexOf("Tests "),
    );
    expect(box).toContain(
      `${skipped} of ${total} tests did NOT run: those that need PostgreSQL skipped`,
    );
    expect(box).toContain("TEST_DATABASE_URL is not set");
    expect(box).toContain(
      "TEST_DATABASE_URL=postgres://postgres@localhost:5432/postgres npm test",
    );
  }, 300_000);

  it("fail under CI=true", async () => {
    const run = await projectTests(dir, { CI: "true" });
    expect(run.exitCode, run.output).not.toBe(0);
    expect(run.output).toContain(
      "CI=true, and CI must run the tests that need PostgreSQL",
    );
  }, 300_000);

  it.skipIf(!postgresReady)(
    "run in full, without the box, given TEST_DATABASE_URL",
    async () => {
      const run = await projectTests(dir, { TEST_DATABASE_URL: POSTGRES_URL });
      expect(run.exitCode, run.output).toBe(0);
      expect(summary(run.output).skipped).toBe(0);
      expect(run.output).not.toContain(BOX_CORNER);
    },
    300_000,
  );
});
