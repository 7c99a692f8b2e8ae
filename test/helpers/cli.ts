import { cp, mkdtemp, readdir, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { PACKAGE_ROOT } from "../../src/package-root.js";

/** The built CLI entry (npm test builds dist/ before vitest runs). */
export const CLI_BIN = fileURLToPath(new URL("../../bin/create-masumi-agent.js", import.meta.url));

export interface CliRun {
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
}

/** Runs the CLI as a user would, in `cwd`, never on a TTY; never throws on a non-zero exit. */
export async function runCli(
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeout?: number },
): Promise<CliRun> {
  const { exitCode, stdout, stderr } = await execa(process.execPath, [CLI_BIN, ...args], {
    cwd: options.cwd,
    env: options.env,
    reject: false,
    stdin: "ignore",
    timeout: options.timeout ?? 30_000,
  });
  return { exitCode, stdout, stderr };
}

export function tempDir(prefix = "cma-test-"): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/** Every file below `dir`, relative, sorted: to prove that nothing was written. */
export async function listTree(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .sort();
}

/**
 * The built CLI as a registry install lays it out: bin, dist, templates, package.json and
 * node_modules (this checkout's, linked), without the packages/ beside it. Run from there it
 * names the published library, where a run from the checkout packs the checkout's.
 */
export async function publishedCli(): Promise<{ bin: string; remove(): Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), "cma-published-"));
  for (const entry of ["bin", "dist", "templates", "package.json"])
    await cp(fileURLToPath(new URL(entry, PACKAGE_ROOT)), join(root, entry), { recursive: true });
  await symlink(fileURLToPath(new URL("node_modules", PACKAGE_ROOT)), join(root, "node_modules"));
  return {
    bin: join(root, "bin", "create-masumi-agent.js"),
    remove: () => rm(root, { recursive: true, force: true }),
  };
}
