import { mkdir, readFile, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { beforeEach, describe, expect, it } from "vitest";
import { resolveLibrary } from "../../src/render/library.js";
import { renderTree } from "../../src/render/render-tree.js";
import { CLI_BIN, listTree, runCli, tempDir } from "../helpers/cli.js";
import { pathWith } from "./terminal.js";

const OFFLINE = ["--no-install", "--no-git", "--no-check"];
let cwd: string;

beforeEach(async () => {
  cwd = await tempDir();
});

describe("create-masumi-agent command line", () => {
  it("--help lists every flag with its choices and default", async () => {
    const { stdout, exitCode } = await runCli(["--help"], { cwd });
    expect(exitCode).toBe(0);
    for (const flag of ["--name", "--agent", "--runtime", "--framework", "--persistence", "--payment", "--pm", "--no-install", "--no-git", "--no-check", "--yes", "--force", "--dry-run", "--verbose", "--version"]) {
      expect(stdout).toContain(flag);
    }
    expect(stdout).toMatch(/choices: "node", "bun",\s+"deno"/);
    expect(stdout).toMatch(/default: sqlite/);
    expect(stdout).toMatch(/check \[options\] \[url\]/);
  });

  it("--version prints the package version", async () => {
    const pkg = JSON.parse(await readFile(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
    const { stdout, exitCode } = await runCli(["--version"], { cwd });
    expect(exitCode).toBe(0);
    expect(stdout.trim()).toBe(pkg.version);
  });

  it.each([
    [["agent", "--runtime", "java"], /Allowed choices are node, bun, deno/],
    [["agent", "--runtime", "deno", "--pm", "npm"], /--runtime deno installs with deno from deno.json/],
    [["agent", "--runtime", "bun", "--pm", "npm"], /--runtime bun installs with bun, not npm/],
    [["agent", "--persistence", "mongo"], /Allowed choices are memory, sqlite, postgres, redis/],
    [["Bad Name"], /Invalid project name "Bad Name": .*; try "bad-name"/],
    [["agent", "--name", "../escape"], /Invalid project name.*try "escape"/],
    [["agent", "--pm", "pnpm"], /--pm pnpm installs with pnpm, which is not installed \(not on the PATH\): install it \(npm install --global pnpm/],
    [["agent", "--frobnicate"], /unknown option '--frobnicate'/],
    [["agent", "--agent", "crewai"], /Allowed choices are offline, ai-sdk, langgraph, openai-agents/],
  ])("refuses %j with one line and exit code 2, writing nothing", async (args, message) => {
    // The install tool is checked only when there is an install to run.
    const offline = args.includes("--pm") ? ["--no-git", "--no-check"] : OFFLINE;
    const { stderr, stdout, exitCode } = await runCli([...args, ...offline], { cwd, env: { PATH: await pathWith(["node"]) } });
    expect(exitCode).toBe(2);
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toMatch(message);
    expect(await listTree(cwd)).toEqual([]);
    // A frame that was opened is closed.
    if (stdout.includes("┌")) expect(stdout.trimEnd()).toMatch(/└ {2}Nothing was written$/);
  });

  it.each([[["help"]], [["help", "check"]]])("%j prints help, exit 0, and creates nothing", async (args) => {
    const { stdout, exitCode } = await runCli(args, { cwd });
    expect(exitCode).toBe(0);
    expect(stdout).toMatch(args.length === 1 ? /^Usage: create-masumi-agent / : /^Usage: create-masumi-agent check /);
    expect(await listTree(cwd)).toEqual([]);
  });

  it("refuses a non-empty directory unless --force, and never removes the user's files", async () => {
    const dir = join(cwd, "existing");
    await mkdir(dir);
    await writeFile(join(dir, "notes.txt"), "mine");
    await writeFile(join(dir, "package.json"), "{}");
    const refused = await runCli(["existing", ...OFFLINE], { cwd });
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toMatch(/is not empty.*--force/);
    expect(await listTree(dir)).toEqual(["notes.txt", "package.json"]);

    const forced = await runCli(["existing", "--force", ...OFFLINE], { cwd });
    expect(forced.exitCode).toBe(0);
    // --force says what it replaces, and only that.
    expect(forced.stdout).toMatch(/--force: replacing 1 existing files: package\.json$/m);
    expect(await readFile(join(dir, "notes.txt"), "utf8")).toBe("mine");
    expect(existsSync(join(dir, "src/agent.ts"))).toBe(true);
  });

  it("--dry-run prints the stack, the steps and the tree, and writes nothing", async () => {
    const { stdout, exitCode } = await runCli(["agent", "--dry-run", "--yes", "--no-git"], { cwd });
    expect(exitCode).toBe(0);
    expect(stdout).toMatch(/Stack: node \+ hono \+ sqlite, simulated payments, installed with npm/);
    expect(stdout).toMatch(/Steps after writing: install \(npm install\), then start the agent and run the conformance check/);
    expect(stdout).not.toMatch(/git init/);
    expect(stdout.trimEnd()).toMatch(/└ {2}Dry run: \d+ files would be written to .*; nothing was written\.$/);
    expect(stdout).toMatch(/^src\/$/m);
    expect(stdout).toMatch(/^ {2}agent\.ts$/m);
    expect(await listTree(cwd)).toEqual([]);
  });

  it("--dry-run names the agent kind and lists its files", async () => {
    const { stdout, exitCode } = await runCli(["agent", "--agent", "langgraph", "--dry-run", "--yes"], { cwd });
    expect(exitCode).toBe(0);
    expect(stdout).toMatch(/Stack: node \+ hono \+ sqlite, simulated payments, a langgraph agent, installed with npm/);
    expect(stdout).toMatch(/^ {2}model\.ts$/m);
    expect(await listTree(cwd)).toEqual([]);
  });

  it("without a TTY never prompts and writes exactly the rendered tree", async () => {
    const { exitCode, stdout } = await runCli(["my-agent", ...OFFLINE], { cwd });
    expect(exitCode).toBe(0);
    expect(stdout).toMatch(/Next steps/);
    expect(stdout).toMatch(/cd my-agent/);
    const expected = await renderTree({
      projectName: "my-agent",
      runtime: "node",
      framework: "hono",
      persistence: "sqlite",
      payment: "simulated",
      packageManager: "npm",
      agent: "offline",
    }, { library: await resolveLibrary() });
    const dir = join(cwd, "my-agent");
    expect(await listTree(dir)).toEqual([...expected.keys()].sort());
    for (const [path, contents] of expected) expect(await readFile(join(dir, path), "utf8")).toBe(contents);
  });

  it("the next steps of a Masumi-paid agent start the payment-service simulator and say what it writes to .env", async () => {
    const { stdout, exitCode } = await runCli(["paid", "--payment", "masumi", ...OFFLINE], { cwd });
    expect(exitCode).toBe(0);
    expect(stdout).toMatch(/^\W*npm run payment-sim\W*$/m);
    expect(stdout).toMatch(/It writes PAYMENT_SERVICE_URL, PAYMENT_API_KEY, AGENT_IDENTIFIER/);
    const free = await runCli(["free", "--payment", "free", ...OFFLINE], { cwd });
    expect(free.stdout).not.toMatch(/payment-sim/);
  });

  it("Ctrl-C at a prompt prints Cancelled, exits 1 and writes nothing", async () => {
    // `script` gives the CLI a real terminal (sized, so prompts are not wrapped), so it prompts;
    // \x03 is what Ctrl-C sends.
    const command = `stty cols 120 rows 40; ${process.execPath} ${CLI_BIN} agent`;
    const child = execa("script", ["-qec", command, "/dev/null"], {
      cwd,
      env: { CI: "", TERM: "xterm" },
      reject: false,
    });
    let screen = "";
    let pressed = false;
    child.stdout?.on("data", (chunk: Buffer) => {
      screen += chunk.toString();
      if (!pressed && screen.includes("Project name")) {
        pressed = true;
        child.stdin?.write("\x03");
      }
    });
    const { exitCode } = await child;
    expect(screen).toContain("Cancelled");
    expect(exitCode).toBe(1);
    expect(await listTree(cwd)).toEqual([]);
  });
});
