import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runConformance } from "../../packages/masumi-agent/src/check/index.js";
import { PROFILES } from "../../packages/masumi-agent/src/check/types.js";
import { supportedStacks } from "../../src/stack/combinations.js";
import { scriptCommand, type ProjectScript } from "../../src/stack/commands.js";
import {
  generateProject,
  installStackProject,
  RUNTIME_PATH,
  startCommand,
  startProject,
  type RunningServer,
} from "../helpers/generated-project.js";
import { RUNTIMES, type StackOptions } from "../../src/options.js";
import { isBuilt } from "../../src/stack/support.js";

/**
 * Every runtime with every framework, on the default store and payment mode: generated,
 * installed with the runtime's own tool, typechecked, started with its own start script, checked
 * against both conformance profiles, and its own test suite run. Node + Hono is left out: the
 * default-stack test covers it through the real CLI.
 */
const PAIRS = supportedStacks("matrix-agent").filter(
  (stack) =>
    stack.persistence === "sqlite" &&
    stack.payment === "simulated" &&
    !(stack.runtime === "node" && stack.framework === "hono"),
);

function runScript(dir: string, stack: StackOptions, script: ProjectScript) {
  const command = scriptCommand(stack, script);
  return execa(command.file, command.args, {
    cwd: dir,
    env: { PATH: RUNTIME_PATH },
    reject: false,
    all: true,
    timeout: 300_000,
  });
}

describe.each(PAIRS.map((stack) => [`${stack.runtime} + ${stack.framework}`, stack] as const))(
  "%s",
  (_label, stack) => {
    let dir: string;

    beforeAll(async () => {
      dir = await generateProject(stack);
      await installStackProject(dir, stack);
    }, 600_000);

    it("passes its typecheck", async () => {
      const typecheck = await runScript(dir, stack, "typecheck");
      expect(typecheck.exitCode, typecheck.all).toBe(0);
    }, 120_000);

    describe("started with its start script", () => {
      let server: RunningServer;

      beforeAll(async () => {
        server = await startProject(dir, {}, startCommand(stack));
      }, 60_000);

      afterAll(async () => {
        await server?.stop();
      });

      it.each(PROFILES)("passes the %s conformance profile", async (profile) => {
        const report = await runConformance({ baseUrl: server.url, profile });
        const failed = report.results.filter((result) => result.outcome === "fail").map((result) => result.id);
        expect(failed, server.output()).toEqual([]);
        expect(report.exitCode).toBe(0);
      }, 120_000);
    });

    it("passes its own test suite", async () => {
      const tests = await runScript(dir, stack, "test");
      expect(tests.exitCode, tests.all).toBe(0);
    }, 300_000);
  },
);

it("covers every runtime that is built", () => {
  expect(new Set(PAIRS.map((stack) => stack.runtime))).toEqual(new Set(RUNTIMES.filter(isBuilt)));
});
