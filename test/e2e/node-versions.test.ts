import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { CLI_BIN, tempDir } from "../helpers/cli.js";
import { startProject } from "../helpers/generated-project.js";
import { installRegistryNode } from "../helpers/registry-node.js";

/**
 * The default stack end to end on each Node major after 20, taken from the npm registry: the CLI
 * generates it there, installs it, builds it and checks it against both conformance profiles; the
 * project passes its typecheck and its own tests on that Node, and its start (node dist/main.js)
 * runs on it with node:sqlite (no better-sqlite3, nothing compiled). Node 20, the machine's own,
 * runs the same steps in default-stack.test.ts (and the full runtime x framework matrix).
 */
describe.each([22, 24, 26])("the default stack on Node %i from the registry", (major) => {
  it("is generated and installed by the CLI on that Node, starts on it and passes the conformance check", async (context) => {
    const node = await installRegistryNode(major);
    if ("unreachable" in node) {
      // Only a machine without the registry may skip; CI must run every major.
      if (process.env.CI === "true") throw new Error(`The npm registry cannot be reached:\n${node.unreachable}`);
      console.warn(`SKIPPED Node ${major}: the npm registry cannot be reached`);
      context.skip();
      return;
    }
    const { env } = node;
    const cwd = await tempDir(`cma-node${major}-`);
    const run = await execa(node.bin, [CLI_BIN, "my-agent", "--yes", "--no-git"], {
      cwd,
      env,
      reject: false,
      all: true,
      stdin: "ignore",
      timeout: 540_000,
    });
    expect(run.exitCode, run.all).toBe(0);
    expect(run.stdout).toMatch(/Dependencies installed/);
    expect(run.stdout).toMatch(/Agent built/);
    expect(run.stdout).toMatch(/Conformance check \(mip-003\) finished against \S+: .* 0 failed/);
    expect(run.stdout).toMatch(/Conformance check \(seed\) finished against \S+: .* 0 failed/);

    const dir = join(cwd, "my-agent");
    const pkg = JSON.parse(await readFile(join(dir, "package.json"), "utf8"));
    expect(pkg.engines).toEqual({ node: ">=22.13" });
    expect(pkg.dependencies).not.toHaveProperty("better-sqlite3");
    await expect(readFile(join(dir, "node_modules", "better-sqlite3", "package.json"))).rejects.toThrow(/ENOENT/);

    for (const script of ["typecheck", "test"]) {
      const result = await execa("npm", ["run", script], { cwd: dir, env, reject: false, all: true, timeout: 300_000 });
      expect(result.exitCode, `npm run ${script} on Node ${major}:\n${result.all}`).toBe(0);
    }

    const server = await startProject(dir, env);
    try {
      const check = await execa("npx", ["masumi-agent", "check", server.url], { cwd: dir, env, reject: false, all: true });
      expect(check.exitCode, check.all).toBe(0);
      expect(check.all).toMatch(/ 0 failed/);
      const versionSeen = await execa("npm", ["exec", "--", "node", "--version"], { cwd: dir, env });
      expect(versionSeen.stdout.trim()).toBe(node.version);
    } finally {
      await server.stop();
    }
    // node:sqlite's ExperimentalWarning (Node 22) stays out of the agent's output, whose log is JSON.
    expect(server.output()).not.toMatch(/ExperimentalWarning/);
    const logLines = server.output().split("\n").filter((line) => line.startsWith("{"));
    expect(logLines.length).toBeGreaterThan(0);
    for (const line of logLines) expect(JSON.parse(line)).toHaveProperty("msg");
  }, 600_000);
});
