import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { StepError } from "../../src/cli/errors.js";
import { checkProject } from "../../src/steps/check.js";
import { CLI_BIN, tempDir } from "../helpers/cli.js";
import { generateProject, installProject } from "../helpers/generated-project.js";
import { processesIn } from "../helpers/processes.js";

/**
 * The built-in check stops the server it started, whatever happens: when the check fails and
 * when the user presses Ctrl-C. The memory store keeps installs quick (no native build).
 */
describe("the check step leaves no server behind", () => {
  let broken: string;

  beforeAll(async () => {
    broken = await generateProject({
      projectName: "broken-agent",
      runtime: "node",
      framework: "hono",
      persistence: "memory",
      payment: "simulated",
      packageManager: "npm",
      agent: "offline",
    });
    await installProject(broken);
    // Break one MUST requirement in the project's own server: the registry only lists agents of
    // type "masumi-agent", and this /availability answers another.
    const server = join(broken, "src", "server.ts");
    const route = 'app.get("/availability", endpoints.availability);';
    const source = await readFile(server, "utf8");
    expect(source).toContain(route);
    const other = 'app.get("/availability", (c) => c.json({ status: "available", type: "other-agent", message: "" }));';
    await writeFile(server, source.replace(route, other));
  }, 300_000);

  it("fails with a StepError on a failed check, prints the failure in full, and stops the server", async () => {
    let printed = "";
    const write = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
      printed += chunk.toString();
      return true;
    });
    const stack = { runtime: "node", packageManager: "npm", payment: "simulated", persistence: "memory", agent: "offline" } as const;
    try {
      await expect(checkProject(broken, stack, broken)).rejects.toThrow(StepError);
    } finally {
      write.mockRestore();
    }
    // The failed profile's whole report: each check's line and the failure with its fix.
    expect(printed).toMatch(/Conformance check \(mip-003\) finished against \S+: \d+ passed, [1-9]\d* failed/);
    expect(printed).toMatch(/ FAIL /);
    expect(printed).toMatch(/^ {2}problem: /m);
    expect(await processesIn(broken)).toEqual([]);
  }, 120_000);

  it("Ctrl-C during the check prints Cancelled, exits 1 and stops the server", async () => {
    const cwd = await tempDir("cma-sigint-");
    const child = execa(process.execPath, [CLI_BIN, "agent", "--yes", "--persistence", "memory", "--no-git"], {
      cwd,
      reject: false,
      stdin: "ignore",
    });
    let output = "";
    let interrupted = false;
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (!interrupted && output.includes("The agent answers at")) {
        interrupted = true;
        child.kill("SIGINT");
      }
    });
    const { exitCode } = await child;
    expect(interrupted, output).toBe(true);
    // The real install said what it was doing (npm prints install scripts for the CLI to read) and how long it took.
    expect(output).toMatch(/Installing dependencies with npm: running the install script of esbuild/);
    expect(output).toMatch(/Dependencies installed \[\d+(m \d+)?s\]/);
    expect(output).toContain("Cancelled");
    expect(exitCode).toBe(1);
    expect(await processesIn(join(cwd, "agent"))).toEqual([]);
  }, 300_000);
});
