import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { listTree, tempDir } from "../helpers/cli.js";

const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));

/**
 * Proves that what npm publishes works: the bin runs and the templates (dotfiles too) ship, and
 * a project made by the installed CLI (which has no packages/ beside it) depends on the published
 * library at the CLI's own version. The library is packed too, as the CLI depends on it.
 * `npm test` has built dist/ already, so packing skips the prepack build.
 */
describe("the packed CLI", () => {
  it("installs from its tarball and generates a project", async () => {
    const packDir = await tempDir("cma-pack-");
    const pack = async (...workspace: string[]) => {
      const { stdout } = await execa("npm", ["pack", "--silent", "--ignore-scripts", "--pack-destination", packDir, ...workspace], {
        cwd: REPO_ROOT,
      });
      return join(packDir, stdout.trim().split("\n").pop() ?? "");
    };
    const library = await pack("--workspace", "packages/masumi-agent");
    const tarball = await pack();

    const userDir = await tempDir("cma-user-");
    await execa("npm", ["init", "--yes"], { cwd: userDir });
    await execa("npm", ["install", "--no-audit", "--no-fund", library, tarball], { cwd: userDir });
    const bin = join(userDir, "node_modules", ".bin", "create-masumi-agent");

    const version = await execa(bin, ["--version"], { cwd: userDir });
    const pkg = JSON.parse(await readFile(join(REPO_ROOT, "package.json"), "utf8")) as { version: string };
    expect(version.stdout.trim()).toBe(pkg.version);

    const created = await execa(bin, ["agent", "--yes", "--no-install", "--no-git", "--no-check"], {
      cwd: userDir,
      reject: false,
    });
    expect(created.exitCode, created.stdout + created.stderr).toBe(0);
    const files = await listTree(join(userDir, "agent"));
    expect(files).toEqual(expect.arrayContaining([".gitignore", ".env.example", "package.json", "src/agent.ts"]));
    expect(existsSync(join(userDir, "node_modules", "create-masumi-agent", "templates", "base"))).toBe(true);
    const manifest = JSON.parse(await readFile(join(userDir, "agent", "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
    };
    expect(manifest.dependencies["masumi-agent"]).toBe(pkg.version);
  }, 180_000);
});
