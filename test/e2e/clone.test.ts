import { randomUUID } from "node:crypto";
import { mkdir, readdir, readFile, rm, symlink } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scriptCommand } from "../../src/stack/commands.js";
import { tempDir } from "../helpers/cli.js";
import { RUNTIME_PATH, startProject } from "../helpers/generated-project.js";
import { availabilityMessage, markAvailability } from "../helpers/library-marker.js";
import { processesIn } from "../helpers/processes.js";

const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));

/**
 * A copy of this checkout as it is on disk (built: run `npm run build` first), whose library is
 * marked: its /availability message ends with `marker`, which no other build of the library has.
 * The copy shares the checkout's installed dependencies through symlinks, except masumi-agent
 * itself, which is the copy's own package as in the checkout's workspace.
 */
async function markedCheckout(marker: string): Promise<string> {
  const copy = join(await tempDir("cma-checkout-"), "create-masumi-agent");
  await mkdir(copy);
  const excluded = ["./.git", "./node_modules", "./packages/masumi-agent/node_modules"].flatMap((path) => ["--exclude", path]);
  await execa("sh", ["-c", `tar -c ${excluded.join(" ")} . | tar -x -C "${copy}"`], { cwd: REPO_ROOT });
  await mkdir(join(copy, "node_modules"));
  for (const entry of await readdir(join(REPO_ROOT, "node_modules"))) {
    // npm's own bookkeeping (.package-lock.json, leftovers of interrupted renames) stays behind.
    if (entry.startsWith(".") && entry !== ".bin") continue;
    const target = entry === "masumi-agent" ? "../packages/masumi-agent" : join(REPO_ROOT, "node_modules", entry);
    await symlink(target, join(copy, "node_modules", entry));
  }
  await symlink(join(REPO_ROOT, "packages", "masumi-agent", "node_modules"), join(copy, "packages", "masumi-agent", "node_modules"));
  await markAvailability(join(copy, "packages", "masumi-agent"), marker);
  return copy;
}

/**
 * A project made by the CLI of a checkout runs against that checkout's library, with no extra
 * flag, on every runtime: `node bin/create-masumi-agent.js my-agent --yes` as a contributor types
 * it. The checkout's library carries a marker that only it has, so an agent that answers with it
 * runs this checkout's code, not a published version's.
 */
describe("a project generated from a checkout", () => {
  const marker = `checkout build ${randomUUID()}`;
  let checkout: string;

  beforeAll(async () => {
    checkout = await markedCheckout(marker);
  }, 120_000);

  afterAll(async () => {
    if (checkout) await rm(join(checkout, ".."), { recursive: true, force: true });
  });

  const generate = async (args: string[]) => {
    const cwd = await tempDir("cma-clone-");
    const run = await execa("node", [join(checkout, "bin", "create-masumi-agent.js"), "my-agent", "--yes", ...args], {
      cwd,
      env: { PATH: RUNTIME_PATH },
      stdin: "ignore",
      reject: false,
      all: true,
    });
    expect(run.exitCode, run.all).toBe(0);
    expect(run.all).toMatch(/Dependencies installed/);
    return { project: join(cwd, "my-agent"), output: run.all ?? "" };
  };

  /** What the project's manifest names: the checkout's packed library, or (Deno) its package directory. */
  const expectDependsOnCheckout = async (project: string, runtime: "node" | "bun" | "deno") => {
    const libraryDir = join(checkout, "packages", "masumi-agent");
    if (runtime === "deno") {
      const deno = JSON.parse(await readFile(join(project, "deno.json"), "utf8")) as { links?: string[] };
      expect(deno.links).toEqual([libraryDir]);
      return;
    }
    const manifest = JSON.parse(await readFile(join(project, "package.json"), "utf8")) as { dependencies: Record<string, string> };
    expect(manifest.dependencies["masumi-agent"]).toMatch(/^file:\/.+\.tgz$/);
  };

  const expectServesCheckout = async (project: string, runtime: "node" | "bun" | "deno") => {
    await expectDependsOnCheckout(project, runtime);
    const server = await startProject(
      project,
      { PATH: RUNTIME_PATH },
      scriptCommand({ runtime, packageManager: runtime === "bun" ? "bun" : "npm" }, "start"),
    );
    try {
      expect(await availabilityMessage(server.url)).toMatch(new RegExp(`^Ready to accept jobs; .*; ${marker}$`));
    } finally {
      await server.stop();
    }
    expect(await processesIn(project)).toEqual([]);
  };

  it("on Node (the defaults): installs, passes the check and serves the checkout's library", async () => {
    const { project, output } = await generate([]);
    expect(output).toMatch(/Conformance check \(mip-003\) finished against \S+: [1-9]\d* passed, 0 failed/);
    expect(output).toMatch(/Conformance check \(seed\) finished against \S+: [1-9]\d* passed, 0 failed/);
    await expectServesCheckout(project, "node");
  }, 900_000);

  it.each(["bun", "deno"] as const)("on %s: installs and serves the checkout's library", async (runtime) => {
    const { project } = await generate(["--runtime", runtime, "--no-check", "--no-git"]);
    await expectServesCheckout(project, runtime);
  }, 600_000);
});
