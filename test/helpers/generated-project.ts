import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import type { StackOptions } from "../../src/options.js";
import { freePort } from "../../src/process/free-port.js";
import {
  startServerProcess,
  type ProcessExit,
} from "../../packages/masumi-agent/src/process/server-process.js";
import { resolveLibrary } from "../../src/render/library.js";
import { renderTree, type RenderOptions } from "../../src/render/render-tree.js";
import { installCommand, scriptCommand, type Command } from "../../src/stack/commands.js";
import { writeTree } from "../../src/steps/write-tree.js";
import { listTree, tempDir } from "./cli.js";

/**
 * Renders a stack and writes it to a new temporary directory, as the CLI's write step does: run
 * from this checkout, the project depends on the checkout's library (its packed tarball).
 */
export async function generateProject(
  stack: StackOptions,
  options: Pick<RenderOptions, "node"> = {},
): Promise<string> {
  const dir = join(await tempDir("cma-gen-"), stack.projectName);
  writeTree(dir, await renderTree(stack, { ...options, library: await resolveLibrary() }));
  return dir;
}

const CACHE_ROOT = join(tmpdir(), "cma-install-cache");

/**
 * Installs a generated project's dependencies with npm, sharing work between test cases: the
 * first install of a given dependency set (package.json without name and scripts, Node's ABI, and
 * the content of the local masumi-agent tarball it names, if any) fills a cache
 * directory; later projects get that node_modules as hard links and `npm install` then only
 * verifies it. Native modules such as better-sqlite3 are thus compiled once per machine.
 */
export async function installProject(dir: string): Promise<void> {
  const {
    name: _name,
    scripts: _scripts,
    ...installed
  } = JSON.parse(await readFile(join(dir, "package.json"), "utf8"));
  const library: string = installed.dependencies?.["masumi-agent"] ?? "";
  const libraryTarball = library.startsWith("file:")
    ? await readFile(library.slice("file:".length))
    : "";
  const key = createHash("sha256")
    .update(JSON.stringify([installed, process.versions.modules, process.platform]))
    .update(libraryTarball)
    .digest("hex")
    .slice(0, 16);
  const cacheDir = join(CACHE_ROOT, key);
  if (!existsSync(join(cacheDir, "node_modules"))) {
    const staging = `${cacheDir}.${process.pid}.tmp`;
    await rm(staging, { recursive: true, force: true });
    await mkdir(staging, { recursive: true });
    await writeFile(
      join(staging, "package.json"),
      JSON.stringify({ ...installed, name: "install-cache" }, null, 2),
    );
    await execa("npm", ["install", "--no-audit", "--no-fund"], { cwd: staging });
    // Another worker may have filled the cache meanwhile; either copy is complete.
    await rename(staging, cacheDir).catch(() => rm(staging, { recursive: true, force: true }));
  }
  await execa("cp", ["-al", join(cacheDir, "node_modules"), join(dir, "node_modules")]);
  // npm rewrites its hidden lockfile in place; unlink it so the write cannot reach the cache.
  await rm(join(dir, "node_modules", ".package-lock.json"), { force: true });
  await execa("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline"], { cwd: dir });
}

export interface RunningServer {
  url: string;
  output(): string;
  stop(): Promise<void>;
  /** kill -9 of the server and its children: a crash, no shutdown. */
  kill(): Promise<void>;
  /** Resolves once the start command (the package manager or runtime that runs the server) exits. */
  exit: Promise<ProcessExit>;
}

/**
 * This repository's node_modules/.bin first on the PATH, so that generated projects find the
 * `bun` and `deno` of its devDependencies (as they would find a global install).
 */
export const RUNTIME_PATH = [
  fileURLToPath(new URL("../../node_modules/.bin", import.meta.url)),
  process.env.PATH,
].join(delimiter);

/**
 * Installs any supported stack with its own tool: Node projects with npm through the shared cache
 * of installProject, Bun projects with `bun install` and Deno projects with `deno install`, whose
 * global caches (~/.bun/install/cache, DENO_DIR) make every install after the first a local copy.
 */
export async function installStackProject(dir: string, stack: StackOptions): Promise<void> {
  if (stack.runtime === "node") return installProject(dir);
  const command = installCommand(stack);
  await execa(command.file, command.args, { cwd: dir, env: { PATH: RUNTIME_PATH } });
}

/** The command that starts a stack's server: `npm run start`, `bun run start`, `deno task start`. */
export function startCommand(stack: StackOptions): Command {
  return scriptCommand(stack, "start");
}

/** The builds under way or done, by directory and the sources they built (see buildProject). */
const builds = new Map<string, Promise<void>>();

/**
 * Runs a Node project's `build` (tsc into dist/) once for its current sources: tests that start
 * the same project several times, or at once, share one build, and a test that changed src/
 * gets a new one. Bun and Deno projects (no build script) run their sources as they are.
 */
export async function buildProject(dir: string, env: NodeJS.ProcessEnv = {}): Promise<void> {
  const manifest = await readFile(join(dir, "package.json"), "utf8").catch(() => "{}");
  if (JSON.parse(manifest).scripts?.build === undefined) return;
  const hash = createHash("sha256");
  for (const file of [
    "tsconfig.json",
    "tsconfig.build.json",
    ...(await listTree(join(dir, "src"))).map((path) => join("src", path)),
  ]) {
    hash.update(file).update(await readFile(join(dir, file)));
  }
  const key = `${dir}:${hash.digest("hex")}`;
  if (!builds.has(key)) {
    builds.set(
      key,
      execa("npm", ["run", "build"], {
        cwd: dir,
        env: { ...env, PATH: env.PATH ?? RUNTIME_PATH },
      }).then(() => undefined),
    );
  }
  await builds.get(key);
}

/**
 * Starts a generated project's `start` script (after its build, where it has one) on a free port,
 * or on `env.PORT` (e.g. to restart it where it was), and waits until it answers.
 */
export async function startProject(
  dir: string,
  env: NodeJS.ProcessEnv = {},
  command: Command = { file: "npm", args: ["run", "start"] },
): Promise<RunningServer> {
  await buildProject(dir, env);
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server = startServerProcess(command.file, command.args, {
    cwd: dir,
    env: { ...process.env, PATH: RUNTIME_PATH, PORT: String(port), HOST: "127.0.0.1", ...env },
  });
  try {
    await server.waitUntilAnswering(`${url}/availability`, 30_000);
  } catch (error) {
    await server.stop();
    throw new Error(`${(error as Error).message}\n${server.output()}`);
  }
  return { url, output: server.output, stop: server.stop, kill: server.kill, exit: server.exit };
}
