import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadEnvFile } from "../src/env-file.ts";

// Under Node, where every variable may be read; Deno with a narrower --allow-env is
// test/e2e/deno-env-file.test.ts of the repository (a generated project's start task).

const PREFIX = "ENV_FILE_TEST_";
/** A .env as dotenv files are: quotes, `export`, comments, a multi-line value, an empty one. */
const ENV_FILE = [
  "# a comment",
  `${PREFIX}PLAIN=plain value`,
  `export ${PREFIX}EXPORTED=exported`,
  `${PREFIX}QUOTED="quoted # not a comment"`,
  `${PREFIX}SINGLE='single'`,
  `${PREFIX}MULTI="line one`,
  `line two"`,
  `${PREFIX}EMPTY=`,
  `${PREFIX}TRAILING=value # a comment`,
  `${PREFIX}SET_BEFORE=from the file`,
  `${PREFIX}SET_EMPTY_BEFORE=from the file`,
  "",
].join("\n");

let dir: string;
let path: string;

/** The test's variables as process.env has them now. */
function testVariables(): Record<string, string | undefined> {
  return Object.fromEntries(
    Object.entries(process.env).filter(([name]) => name.startsWith(PREFIX)),
  );
}

/** The test's variables after `load` ran with two of them set beforehand (one to ""). */
function loadedWith(load: () => void): Record<string, string | undefined> {
  process.env[`${PREFIX}SET_BEFORE`] = "from the environment";
  process.env[`${PREFIX}SET_EMPTY_BEFORE`] = "";
  load();
  const loaded = testVariables();
  for (const name of Object.keys(loaded)) delete process.env[name];
  return loaded;
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "env-file-"));
  path = join(dir, ".env");
  await writeFile(path, ENV_FILE);
});

afterEach(async () => {
  for (const name of Object.keys(testVariables())) delete process.env[name];
  await rm(dir, { recursive: true, force: true });
});

describe("loadEnvFile", () => {
  it("sets what Node's process.loadEnvFile sets, the environment's values winning", () => {
    const ours = loadedWith(() => expect(loadEnvFile(path)).toEqual([]));
    expect(ours).toEqual(loadedWith(() => process.loadEnvFile(path)));
    expect(ours).toMatchObject({
      [`${PREFIX}PLAIN`]: "plain value",
      [`${PREFIX}EXPORTED`]: "exported",
      [`${PREFIX}MULTI`]: "line one\nline two",
      [`${PREFIX}SET_BEFORE`]: "from the environment",
      [`${PREFIX}SET_EMPTY_BEFORE`]: "",
    });
  });

  it("does nothing without the file", () => {
    expect(loadEnvFile(join(dir, "missing.env"))).toEqual([]);
    expect(testVariables()).toEqual({});
  });
});
