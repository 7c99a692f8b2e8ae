import { existsSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "../helpers/cli.js";
import { RUNTIME_PATH } from "../helpers/generated-project.js";
import {
  e2eVersion,
  publishUpgrade,
  publishWorkspace,
  registryProcesses,
  startLocalRegistry,
  type LocalRegistry,
} from "../helpers/local-registry.js";

/** A package that exists only in the local registry: what it says proves which version is installed. */
const PACKAGE = "cma-registry-probe";

async function writeProbePackage(greeting: string): Promise<string> {
  const dir = await tempDir("cma-probe-");
  await writeFile(join(dir, "package.json"), JSON.stringify({ name: PACKAGE, version: "0.0.0", type: "module", main: "index.js" }));
  await writeFile(join(dir, "index.js"), `export const greeting = ${JSON.stringify(greeting)};\n`);
  return dir;
}

/** A project depending on `dependencies`, with nothing else in it. */
async function writeConsumer(dependencies: Record<string, string>): Promise<string> {
  const dir = join(await tempDir("cma-consumer-"), "consumer");
  await mkdir(dir);
  await writeFile(join(dir, "package.json"), `${JSON.stringify({ name: "consumer", private: true, type: "module", dependencies }, null, 2)}\n`);
  return dir;
}

const greetingOf = async (dir: string, env: NodeJS.ProcessEnv) =>
  (await execa("node", ["--input-type=module", "-e", `import { greeting } from "${PACKAGE}"; console.log(greeting);`], { cwd: dir, env })).stdout;

describe("the local registry", () => {
  let registry: LocalRegistry;
  let version: string;

  beforeAll(async () => {
    registry = await startLocalRegistry({ localPackages: [PACKAGE] });
    version = e2eVersion("1.0.0");
    await publishWorkspace(registry, await writeProbePackage("published locally"), version);
  }, 600_000);

  afterAll(() => registry?.close());

  it("serves what was published and proxies the public registry for the rest, into a throwaway npm cache", async () => {
    const project = await writeConsumer({ [PACKAGE]: version, "is-number": "7.0.0" });
    await execa("npm", ["install"], { cwd: project, env: registry.env });
    expect(await greetingOf(project, registry.env)).toBe("published locally");
    const lock = JSON.parse(await readFile(join(project, "package-lock.json"), "utf8")) as {
      packages: Record<string, { resolved?: string }>;
    };
    expect(lock.packages["node_modules/is-number"]?.resolved).toBe(`${registry.url}is-number/-/is-number-7.0.0.tgz`);
    expect(lock.packages[`node_modules/${PACKAGE}`]?.resolved).toMatch(new RegExp(`^${registry.url}`));
    expect(existsSync(join(registry.root, "npm-cache", "_cacache"))).toBe(true);
  }, 120_000);

  it("is where bun and deno install from", async () => {
    const env = { ...registry.env, PATH: RUNTIME_PATH };
    const bunProject = await writeConsumer({ [PACKAGE]: version, "is-number": "7.0.0" });
    await execa("bun", ["install"], { cwd: bunProject, env });
    expect(await greetingOf(bunProject, env)).toBe("published locally");
    expect(existsSync(join(registry.root, "bun-cache"))).toBe(true);

    const denoProject = await writeConsumer({ [PACKAGE]: version, "is-number": "7.0.0" });
    await execa("deno", ["install"], { cwd: denoProject, env });
    const { stdout } = await execa("deno", ["eval", `import { greeting } from "${PACKAGE}"; console.log(greeting);`], {
      cwd: denoProject,
      env,
    });
    expect(stdout).toBe("published locally");
    expect(existsSync(join(registry.root, "deno-dir"))).toBe(true);
  }, 180_000);

  it("upgrades a project by a dependency bump alone: the second version's behaviour, no file changed", async () => {
    const release = e2eVersion("2.0.0");
    const source = await writeProbePackage("first");
    const says = (greeting: string) => async (dir: string) =>
      writeFile(join(dir, "index.js"), `export const greeting = ${JSON.stringify(greeting)};\n`);
    await publishWorkspace(registry, source, `${release}.1`);
    const project = await writeConsumer({ [PACKAGE]: `^${release}.1` });
    await execa("npm", ["install"], { cwd: project, env: registry.env });
    expect(await greetingOf(project, registry.env)).toBe("first");
    const manifest = await readFile(join(project, "package.json"), "utf8");

    await publishWorkspace(registry, source, `${release}.2`, { edit: says("second") });
    await execa("npm", ["update"], { cwd: project, env: registry.env });
    expect(await greetingOf(project, registry.env)).toBe("second");
    expect(await readFile(join(project, "package.json"), "utf8")).toBe(manifest);
    // The package directory itself was never changed: the second version differs only as published.
    expect(await readFile(join(source, "index.js"), "utf8")).toContain('"first"');

    // publishUpgrade does both publications in one call.
    const next = e2eVersion("3.0.0");
    await publishUpgrade(registry, source, { version: `${next}.1` }, { version: `${next}.2`, edit: says("third") });
    const { stdout } = await execa("npm", ["view", `${PACKAGE}@latest`, "version"], { cwd: project, env: registry.env });
    expect(stdout.trim()).toBe(`${next}.2`);
  }, 180_000);
});

describe("closing the local registry", () => {
  it("stops Verdaccio and removes its directory; closing twice is harmless", async () => {
    const registry = await startLocalRegistry({ localPackages: [PACKAGE] });
    try {
      expect(await registryProcesses(registry.root)).toEqual([registry.pid]);
    } finally {
      await registry.close();
    }
    await registry.close();
    expect(await registryProcesses(registry.root)).toEqual([]);
    expect(existsSync(registry.root)).toBe(false);
  }, 120_000);

  it("Verdaccio does not outlive a test process that is killed without closing it", async () => {
    const helper = fileURLToPath(new URL("../helpers/local-registry.ts", import.meta.url));
    const script = `import { startLocalRegistry } from ${JSON.stringify(helper)};
const registry = await startLocalRegistry({ localPackages: [] });
console.log(JSON.stringify({ root: registry.root, pid: registry.pid }));
setInterval(() => {}, 1000);`;
    const child = execa("node", ["--import", "tsx", "--input-type=module", "-e", script], {
      cwd: fileURLToPath(new URL("../..", import.meta.url)),
      reject: false,
      stdin: "ignore",
    });
    const started = await new Promise<{ root: string; pid: number }>((resolve, reject) => {
      let output = "";
      child.stdout?.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        const line = output.split("\n").find((candidate) => candidate.startsWith("{"));
        if (line) resolve(JSON.parse(line) as { root: string; pid: number });
      });
      void child.then((result) => reject(new Error(`the script exited before the registry started: ${result.stderr}`)));
    });
    try {
      expect(await registryProcesses(started.root)).toEqual([started.pid]);
    } finally {
      child.kill("SIGKILL");
      await child;
    }
    // Verdaccio sees its stdin close and exits; wait for that (bounded), then prove it is gone.
    for (let tries = 0; tries < 100 && (await registryProcesses(started.root)).length > 0; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await registryProcesses(started.root)).toEqual([]);
    await rm(started.root, { recursive: true, force: true });
  }, 120_000);
});
