import { join } from "node:path";
import { execa } from "execa";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli, tempDir, type CliRun } from "../helpers/cli.js";

/**
 * The product's promise, for real: generate the default stack, install it from the registry,
 * start it, pass the conformance check, then pass its own tests and typecheck.
 */
describe("default stack end to end", () => {
  let cwd: string;
  let run: CliRun;

  beforeAll(async () => {
    cwd = await tempDir("cma-e2e-");
    run = await runCli(["my-agent", "--yes"], { cwd, timeout: 540_000 });
  }, 600_000);

  it("generates, installs, starts and passes the conformance check", () => {
    expect(run.stderr).not.toMatch(/Unexpected error/);
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Dependencies installed/);
    expect(run.stdout).toMatch(/ 0 failed/);
    expect(run.stdout).toMatch(/Next steps/);
  });

  it("stops the server it started for the check", async () => {
    const url = /Conformance check \(mip-003\) finished against (http:\/\/[\d.:]+)/.exec(run.stdout)?.[1];
    expect(url).toBeDefined();
    await expect(fetch(`${url}/availability`)).rejects.toThrow();
  });

  it("commits the generated project to a new git repository", async () => {
    const log = await execa("git", ["log", "--oneline"], { cwd: join(cwd, "my-agent"), reject: false });
    // A machine without a git identity gets the repository without the commit, and a warning.
    if (log.exitCode === 0) expect(log.stdout).toMatch(/Initial commit from create-masumi-agent/);
    else expect(run.stdout).toMatch(/the first commit failed/);
  });

  it("passes its own test suite", async () => {
    const tests = await execa("npm", ["test"], { cwd: join(cwd, "my-agent"), reject: false, all: true, timeout: 300_000 });
    expect(tests.exitCode, tests.all).toBe(0);
  }, 300_000);

  it("passes a strict typecheck", async () => {
    const typecheck = await execa("npm", ["run", "typecheck"], { cwd: join(cwd, "my-agent"), reject: false, all: true });
    expect(typecheck.exitCode, typecheck.all).toBe(0);
  }, 120_000);
});
