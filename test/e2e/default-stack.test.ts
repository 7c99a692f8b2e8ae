import { readdir, readFile, writeFile } from "node:fs/promises";
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

  // The promise to authors: the project's tests are the agent's own, so a change to
  // src/agent.ts meets test/agent.test.ts only, with no plumbing tests to break.
  it("after a field is added to src/agent.ts, runs only test/agent.test.ts, which passes with a test of the field", async () => {
    const dir = join(cwd, "my-agent");
    expect(await readdir(join(dir, "test"))).toEqual(["agent.test.ts"]);
    const agentPath = join(dir, "src", "agent.ts");
    const agent = await readFile(agentPath, "utf8");
    const schemaEnd = "  ],\n} as const satisfies InputSchema;";
    const review = "  if (!input.review) return result;";
    expect(agent).toContain(schemaEnd);
    expect(agent).toContain(review);
    const shout = `    {
      id: "shout",
      type: "boolean",
      name: "Shout",
      data: { description: "Write the result in capitals", default: false },
      validations: [{ validation: "optional", value: "true" }],
    },
`;
    await writeFile(
      agentPath,
      agent
        .replace(schemaEnd, `${shout}${schemaEnd}`)
        .replace(review, `  if (input.shout) return result.toUpperCase();\n${review}`),
    );
    const testPath = join(dir, "test", "agent.test.ts");
    await writeFile(
      testPath,
      `${await readFile(testPath, "utf8")}
describe("the shout field", () => {
  it("writes the result in capitals", async () => {
    const job = await testAgent.start({ text: "the end", task: ["title case"], shout: true });
    expect(await job.result()).toBe("THE END");
  });
});
`,
    );

    const tests = await execa("npm", ["test"], { cwd: dir, reject: false, all: true, timeout: 300_000 });
    expect(tests.exitCode, tests.all).toBe(0);
    const output = tests.all.replace(/\x1b\[[0-9;]*m/g, "");
    const files = [...output.matchAll(/^ *[✓❯×] (test\/\S+)/gm)].map((match) => match[1]);
    expect(files).toEqual(["test/agent.test.ts"]);
    expect(output).toMatch(/Test Files +1 passed \(1\)/);
    expect(output).toMatch(/Tests +7 passed \(7\)/);
    // The new field is typed through the schema: the test's input with `shout` typechecks.
    const typecheck = await execa("npm", ["run", "typecheck"], { cwd: dir, reject: false, all: true });
    expect(typecheck.exitCode, typecheck.all).toBe(0);
  }, 300_000);
});
