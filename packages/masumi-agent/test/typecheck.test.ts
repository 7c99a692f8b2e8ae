import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { expect, it } from "vitest";

/**
 * The library's tests typechecked (test/tsconfig.json): the @ts-expect-error lines of
 * schema-types.test.ts and testing.test.ts are the assertions that the types refuse what they
 * must, and they are checked only by the compiler, not by vitest.
 */
const TSC = fileURLToPath(import.meta.resolve("typescript/bin/tsc"));
const PROJECT = fileURLToPath(new URL("tsconfig.json", import.meta.url));

it("typechecks the library's tests, each @ts-expect-error line an error", async () => {
  const { exitCode, stdout } = await execa(
    process.execPath,
    [TSC, "-p", PROJECT],
    {
      reject: false,
    },
  );
  expect(stdout).toBe("");
  expect(exitCode).toBe(0);
});
