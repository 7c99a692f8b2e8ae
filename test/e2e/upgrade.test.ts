import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listTree, tempDir } from "../helpers/cli.js";
import { startProject } from "../helpers/generated-project.js";
import { availabilityMessage, markAvailability } from "../helpers/library-marker.js";
import {
  e2eVersion,
  LIBRARY_DIR,
  publishRelease,
  publishWorkspace,
  registryProcesses,
  startLocalRegistry,
  type LocalRegistry,
} from "../helpers/local-registry.js";

const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));
const MARKER = "upgraded: version B";

/**
 * Every file the author owns, hashed: all but node_modules, .git and the lockfile, with the line of
 * package.json that names the library's version blanked (the one line an upgrade changes).
 */
async function projectFiles(project: string): Promise<Record<string, string>> {
  const files = (await listTree(project)).filter(
    (file) => !/^(node_modules|\.git)\//.test(file) && file !== "package-lock.json",
  );
  const hashes: Record<string, string> = {};
  for (const file of files) {
    let content = await readFile(join(project, file), "utf8");
    if (file === "package.json") content = content.replace(/^(\s*"masumi-agent": )".*"/m, '$1"<version>"');
    hashes[file] = createHash("sha256").update(content).digest("hex");
  }
  return hashes;
}

/**
 * Upgrading an agent is a dependency bump: version A of the library and the CLI are published,
 * then a version B of the library that behaves differently over HTTP (its /availability message
 * ends with MARKER). A project generated on A serves A; after `npm install masumi-agent@B` it
 * serves B, and none of its files changed except the version in package.json and the lockfile.
 */
describe("upgrading the library of a generated project", () => {
  let registry: LocalRegistry;
  let versionA: string;
  let versionB: string;

  beforeAll(async () => {
    registry = await startLocalRegistry();
    const { version: current } = JSON.parse(await readFile(join(REPO_ROOT, "package.json"), "utf8")) as { version: string };
    const release = e2eVersion(current);
    versionA = `${release}.1`;
    versionB = `${release}.2`;
    await publishRelease(registry, versionA);
    await publishWorkspace(registry, LIBRARY_DIR, versionB, { edit: (dir) => markAvailability(dir, MARKER) });
  }, 300_000);

  afterAll(async () => {
    if (!registry) return;
    await registry.close();
    expect(await registryProcesses(registry.root)).toEqual([]);
  });

  it("`npm install masumi-agent@B` gives a project made on A the new behaviour, its own files unchanged", async () => {
    const cwd = await tempDir("cma-upgrade-");
    const created = await execa(
      "npx",
      ["create-masumi-agent", "my-agent", "--yes", "--persistence", "memory", "--no-check"],
      { cwd, env: registry.env, stdin: "ignore", reject: false, all: true },
    );
    expect(created.exitCode, created.all).toBe(0);
    const project = join(cwd, "my-agent");
    const installed = async () =>
      (JSON.parse(await readFile(join(project, "node_modules", "masumi-agent", "package.json"), "utf8")) as { version: string }).version;
    // The CLI pins its own version, although B is the library's latest by now.
    expect(await installed()).toBe(versionA);

    const serve = async () => {
      const server = await startProject(project, registry.env);
      try {
        return await availabilityMessage(server.url);
      } finally {
        await server.stop();
      }
    };
    expect(await serve()).not.toContain(MARKER);
    // After the first start, which made the signing key in data/: the upgrade keeps that too.
    const before = await projectFiles(project);

    await execa("npm", ["install", `masumi-agent@${versionB}`], { cwd: project, env: registry.env, stdin: "ignore" });
    expect(await installed()).toBe(versionB);
    expect(await serve()).toMatch(new RegExp(`^Ready to accept jobs; .*; ${MARKER}$`));

    expect(await projectFiles(project)).toEqual(before);
    const manifest = JSON.parse(await readFile(join(project, "package.json"), "utf8")) as { dependencies: Record<string, string> };
    expect(manifest.dependencies["masumi-agent"]).toMatch(new RegExp(`^\\^?${versionB.replace(/\./g, "\\.")}$`));
    // git agrees: only the manifest and the lockfile differ from the generated first commit.
    const { stdout } = await execa("git", ["status", "--porcelain"], { cwd: project });
    expect(stdout.split("\n").map((line) => line.slice(3)).sort()).toEqual(["package-lock.json", "package.json"]);
  }, 900_000);
});
