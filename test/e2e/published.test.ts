import { existsSync } from "node:fs";
import { readdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scriptCommand } from "../../src/stack/commands.js";
import { tempDir } from "../helpers/cli.js";
import { RUNTIME_PATH, startProject } from "../helpers/generated-project.js";
import { availabilityMessage } from "../helpers/library-marker.js";
import { e2eVersion, publishRelease, registryProcesses, startLocalRegistry, type LocalRegistry } from "../helpers/local-registry.js";
import { processesIn } from "../helpers/processes.js";

const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** The README's first command, exactly as written there (its comment left off). */
async function readmeFirstCommand(): Promise<string> {
  const readme = await readFile(join(REPO_ROOT, "README.md"), "utf8");
  const block = /```sh\n([^\n]+)/.exec(readme)?.[1] ?? "";
  return block.replace(/\s+#.*$/, "").trim();
}

/** The masumi-agent a project's manifest asks for: package.json's dependency, or deno.json's npm: import. */
async function libraryDependency(project: string): Promise<string | undefined> {
  if (existsSync(join(project, "package.json"))) {
    const manifest = JSON.parse(await readFile(join(project, "package.json"), "utf8")) as { dependencies?: Record<string, string> };
    const dependency = manifest.dependencies?.["masumi-agent"];
    if (dependency) return dependency;
  }
  const deno = JSON.parse(await readFile(join(project, "deno.json"), "utf8")) as { imports?: Record<string, string> };
  return deno.imports?.["masumi-agent"]?.replace(/^npm:masumi-agent@/, "");
}

/**
 * What users get, tested for real: the freshly built library and CLI are published to a local
 * registry under one fresh version (everything else comes through it from the public registry),
 * and the README's first command runs as written, installing the generated project through that
 * registry — no install cache. Run `npm run build` first when running this file alone.
 */
describe("the published create-masumi-agent", () => {
  let registry: LocalRegistry;
  let version: string;
  let cwd: string | undefined;

  beforeAll(async () => {
    registry = await startLocalRegistry();
    const { version: current } = JSON.parse(await readFile(join(REPO_ROOT, "package.json"), "utf8")) as { version: string };
    version = e2eVersion(current);
    await publishRelease(registry, version);
  }, 600_000);

  afterAll(async () => {
    if (cwd) await rm(cwd, { recursive: true, force: true });
    if (!registry) return;
    await registry.close();
    expect(await registryProcesses(registry.root)).toEqual([]);
  });

  it("`npx create-masumi-agent my-agent --yes` generates, installs and checks a project on the published library", async () => {
    const command = await readmeFirstCommand();
    expect(command).toBe("npx create-masumi-agent my-agent --yes");
    cwd = await tempDir("cma-published-");
    const run = await execa(command, { shell: true, cwd, env: registry.env, stdin: "ignore", reject: false, all: true });
    const output = run.all ?? "";
    expect(run.exitCode, output).toBe(0);

    // npx ran the version just published, from the local registry.
    const npxDir = join(registry.root, "npm-cache", "_npx");
    const [runCache] = await readdir(npxDir);
    const ran = JSON.parse(await readFile(join(npxDir, runCache!, "node_modules", "create-masumi-agent", "package.json"), "utf8")) as {
      version: string;
    };
    expect(ran.version).toBe(version);

    // The project depends on the published library at exactly the CLI's version, installed from the registry.
    const project = join(cwd, "my-agent");
    expect(existsSync(join(project, "src", "agent.ts"))).toBe(true);
    expect(await libraryDependency(project)).toBe(version);
    const installed = JSON.parse(await readFile(join(project, "node_modules", "masumi-agent", "package.json"), "utf8")) as { version: string };
    expect(installed.version).toBe(version);
    expect(existsSync(join(project, "node_modules", "better-sqlite3", "build", "Release", "better_sqlite3.node"))).toBe(true);
    const lock = JSON.parse(await readFile(join(project, "package-lock.json"), "utf8")) as { packages: Record<string, { resolved?: string }> };
    expect(lock.packages["node_modules/masumi-agent"]?.resolved).toBe(`${registry.url}masumi-agent/-/masumi-agent-${version}.tgz`);
    const resolved = Object.values(lock.packages).flatMap((entry) => (entry.resolved ? [entry.resolved] : []));
    expect(resolved.filter((url) => !url.startsWith(registry.url))).toEqual([]);

    expect(output).toMatch(/Dependencies installed/);
    expect(output).toMatch(/Conformance check \(mip-003\) finished against \S+: [1-9]\d* passed, 0 failed/);
    expect(output).toMatch(/Conformance check \(seed\) finished against \S+: [1-9]\d* passed, 0 failed/);
    expect(output).toMatch(/Initialised a git repository with the first commit/);
    expect(await processesIn(project)).toEqual([]);
  }, 900_000);

  it.each(["bun", "deno"] as const)("a %s project installs the published library through the registry and serves", async (runtime) => {
    const cwd = await tempDir(`cma-published-${runtime}-`);
    const env = { ...registry.env, PATH: RUNTIME_PATH };
    const run = await execa("npx", ["create-masumi-agent", "my-agent", "--yes", "--runtime", runtime, "--no-check", "--no-git"], {
      cwd,
      env,
      stdin: "ignore",
      reject: false,
      all: true,
    });
    expect(run.exitCode, run.all).toBe(0);
    expect(run.all).toMatch(/Dependencies installed/);

    const project = join(cwd, "my-agent");
    expect(await libraryDependency(project)).toBe(version);
    const server = await startProject(project, env, scriptCommand({ runtime, packageManager: runtime === "bun" ? "bun" : "npm" }, "start"));
    try {
      expect(await availabilityMessage(server.url)).toMatch(/^Ready to accept jobs/);
    } finally {
      await server.stop();
    }
    expect(await processesIn(project)).toEqual([]);
  }, 600_000);
});
