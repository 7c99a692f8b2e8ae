import { mkdir, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { listTree, tempDir } from "../helpers/cli.js";
import { processesIn } from "../helpers/processes.js";
import { KEY, pathWith, runOnTerminal, type TerminalRun } from "./terminal.js";

let run: TerminalRun | undefined;
let registry: Server | undefined;

afterEach(async () => {
  run?.child.kill("SIGKILL");
  await run?.child;
  run = undefined;
  registry?.closeAllConnections();
  await new Promise((resolve) => registry?.close(resolve) ?? resolve(undefined));
  registry = undefined;
});

describe("create-masumi-agent on a terminal", () => {
  it("asks about a non-empty directory right after the name, before any other question", async () => {
    const cwd = await tempDir();
    await mkdir(join(cwd, "agent"));
    await writeFile(join(cwd, "agent", "notes.txt"), "mine");
    run = runOnTerminal(["agent"], { cwd });
    await run.waitFor("Project name");
    run.press(KEY.enter);
    const at = await run.waitFor(/is not empty|Runtime/);
    expect(run.screen().slice(at)).toMatch(/^is not empty/);
    await run.waitFor("Write into it", at);
    run.press(KEY.down);
    run.press(KEY.enter);
    // Writing into it (as --force) settles it: the next question is the runtime.
    await run.waitFor("Runtime", at);
    run.press(KEY.ctrlC);
    const { exitCode } = await run.child;
    expect(exitCode).toBe(1);
    expect(await listTree(join(cwd, "agent"))).toEqual(["notes.txt"]);
  });

  it("offers only the package managers that are installed, and says why the others are not", async () => {
    const cwd = await tempDir();
    run = runOnTerminal(["agent"], { cwd, path: await pathWith(["node", "npm"]) });
    const questions = ["Project name", "Runtime", "Web framework", "Where are jobs stored?", "Payments", "What is the agent built on?"];
    for (const question of questions) {
      await run.waitFor(question);
      run.press(KEY.enter);
    }
    const at = await run.waitFor("Package manager");
    await run.waitFor("bun", at);
    const prompt = run.screen().slice(at);
    for (const missing of ["pnpm", "yarn", "bun"]) {
      expect(prompt).toMatch(
        new RegExp(`${missing}.*not installed \\(not on the PATH\\): npm install --global ${missing}`),
      );
    }
    expect(prompt).not.toMatch(/npm \(?not installed/);
    run.press(KEY.ctrlC);
    expect((await run.child).exitCode).toBe(1);
    expect(await listTree(cwd)).toEqual([]);
  });

  it("Ctrl-C during the install prints Cancelled, exits 1 and leaves no install running", async () => {
    // A registry that accepts connections and never answers: npm install waits for it, as for a
    // slow network, until the user gives up.
    registry = createServer(() => {});
    await new Promise<void>((resolve) => registry!.listen(0, "127.0.0.1", resolve));
    const { port } = registry.address() as AddressInfo;
    const cwd = await tempDir();
    const dir = join(cwd, "agent");
    run = runOnTerminal(["agent", "--yes", "--persistence", "memory", "--no-git"], {
      cwd,
      env: { npm_config_registry: `http://127.0.0.1:${port}/`, npm_config_cache: join(cwd, ".npm-cache") },
    });
    // The spinner shows how long the install has been running.
    await run.waitFor(/Installing dependencies with npm \S*\[\d+s\]/);
    await expect.poll(() => processesIn(dir)).not.toEqual([]);
    run.press(KEY.ctrlC);
    const { exitCode } = await run.child;
    expect(run.screen()).toContain("Cancelled");
    expect(run.screen()).not.toContain("Canceled");
    expect(exitCode).toBe(1);
    await expect.poll(() => processesIn(dir)).toEqual([]);
  });
});
