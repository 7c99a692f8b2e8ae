import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, readlink, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { freePort } from "../../src/process/free-port.js";
import { tempDir } from "./cli.js";

/**
 * A local npm registry (Verdaccio) for tests that install what users install: packages published
 * to it are served from it alone, everything else comes through it from the public registry.
 */

/**
 * Verdaccio 6.8.0 runs on Node 20 (6.10 wants Node 22). Its audit plugin asks for node-fetch by
 * the dist-tag "cjs" (2.6.7 today), which npm then reports as an invalid tree (`npm ls`:
 * ELSPROBLEMS); the override pins it to the exact 2.7.0.
 *
 * Installed on demand into a per-machine cache rather than as a devDependency. Measured here
 * (2 shared cores, warm npm cache): the repository's `npm ci` takes 24 s, and 61 s with Verdaccio's
 * 327 packages in the lockfile, paid by every `npm ci` on every machine and in every CI run whether
 * or not the registry tests run; installed on demand it takes 37-50 s once per machine, only where
 * these tests run, and keeps Express 4, lodash and the rest of Verdaccio's tree out of the
 * project's own dependency graph.
 */
const VERDACCIO_VERSION = "6.8.0";
const VERDACCIO_DIR = join(tmpdir(), `cma-verdaccio-${VERDACCIO_VERSION}`);
const PUBLIC_REGISTRY = "https://registry.npmjs.org/";
const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));

export interface LocalRegistry {
  /** The registry's address, e.g. http://127.0.0.1:4873/ */
  url: string;
  /**
   * Environment for child processes (pass as execa's `env`): npm, npx, bun and deno install from
   * this registry, with a throwaway npm cache and user config, so the user's are never read or
   * written. Inherited npm_* variables (set when the tests run under `npm test`) are unset.
   */
  env: NodeJS.ProcessEnv;
  /** Publishes a package directory or tarball as it is, under the dist-tag `tag` (default latest). */
  publish(target: string, options?: { tag?: string }): Promise<void>;
  /** The throwaway directory holding the registry's storage, config and the clients' caches. */
  root: string;
  /** The Verdaccio process's id, while it runs. */
  pid: number;
  /** Stops Verdaccio and removes its directory. Safe to call more than once. */
  close(): Promise<void>;
}

export interface LocalRegistryOptions {
  /**
   * Packages served only from what is published locally, never merged with the public
   * registry's versions of the same name. Default: this repository's root package and workspaces.
   */
  localPackages?: string[];
}

/** Starts Verdaccio on a free port of 127.0.0.1 and waits until it answers. */
export async function startLocalRegistry(options: LocalRegistryOptions = {}): Promise<LocalRegistry> {
  const bin = await installVerdaccio();
  const root = await tempDir("cma-registry-");
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const localPackages = options.localPackages ?? (await repositoryPackageNames());
  await writeFile(join(root, "config.yaml"), verdaccioConfig(root, localPackages));
  await writeFile(join(root, "exit-with-parent.cjs"), EXIT_WITH_PARENT);

  const child = spawn(
    process.execPath,
    ["--require", join(root, "exit-with-parent.cjs"), bin, "--config", join(root, "config.yaml"), "--listen", `127.0.0.1:${port}`],
    { cwd: root, env: withoutNpmVariables(process.env), stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolveExit) => child.once("exit", () => resolveExit()));

  let closed: Promise<void> | undefined;
  const close = () => (closed ??= stop(child, exited).then(() => rm(root, { recursive: true, force: true })));

  try {
    await waitUntilAnswering(`${url}-/ping`, child, 60_000);
    const env = await clientEnv(root, url);
    // Only publishing sends the token: Verdaccio checks it with bcrypt on every request (~250 ms
    // of CPU each), which made installs through it take three times as long.
    const publishConfig = join(root, "publish.npmrc");
    await writeFile(publishConfig, `//${new URL(url).host}/:_authToken=${await addUser(url)}\n`);
    const publish = async (target: string, { tag = "latest" }: { tag?: string } = {}) => {
      const published = await execa("npm", ["publish", resolve(target), "--ignore-scripts", "--tag", tag], {
        cwd: root,
        env: { ...env, npm_config_userconfig: publishConfig },
        stdin: "ignore",
        reject: false,
      });
      if (published.exitCode !== 0) throw new Error(`npm publish ${target} failed:\n${published.stderr}\nVerdaccio said:\n${output}`);
    };
    return { url, env, publish, root, pid: child.pid!, close };
  } catch (error) {
    await close();
    throw new Error(`the local registry did not start: ${(error as Error).message}\n${output}`);
  }
}

/**
 * Packs a package directory as `npm pack` does (it must be built already), gives the packed copy
 * `version`, lets `edit` change the unpacked copy (to publish a second version that behaves
 * differently), and publishes it under `tag`. The directory itself is left as it was.
 * `dir` is relative to the repository's root: "." is create-masumi-agent, "packages/x" a workspace.
 */
export async function publishWorkspace(
  registry: LocalRegistry,
  dir: string,
  version: string,
  options: { tag?: string; edit?: (packageDir: string) => Promise<void> } = {},
): Promise<{ name: string; version: string }> {
  const work = await tempDir("cma-publish-");
  try {
    const { stdout } = await execa("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", work], {
      cwd: resolve(REPO_ROOT, dir),
    });
    const [packed] = JSON.parse(stdout) as { filename: string }[];
    await execa("tar", ["-xzf", join(work, packed!.filename), "-C", work]);
    const packageDir = join(work, "package");
    const manifestPath = join(packageDir, "package.json");
    const manifest = JSON.parse(await readFile(manifestPath, "utf8")) as { name: string; version: string };
    manifest.version = version;
    await writeFile(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
    await options.edit?.(packageDir);
    await registry.publish(packageDir, { tag: options.tag });
    return { name: manifest.name, version };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * Publishes two versions of one package, as an upgrade test needs: `from` (latest at first), then
 * `to`, which moves latest. Versions such as 1.2.0-e2e.<stamp>.1 and .2 keep `^from` matching `to`,
 * so a project generated on the first gets the second from `npm update`, with no change to its files.
 */
export async function publishUpgrade(
  registry: LocalRegistry,
  dir: string,
  from: { version: string; edit?: (packageDir: string) => Promise<void> },
  to: { version: string; edit?: (packageDir: string) => Promise<void> },
): Promise<void> {
  await publishWorkspace(registry, dir, from.version, { edit: from.edit });
  await publishWorkspace(registry, dir, to.version, { edit: to.edit });
}

/** The library's directory, relative to the repository's root. */
export const LIBRARY_DIR = "packages/masumi-agent";

/**
 * Publishes what users install, both at `version`: the library (changed by `editLibrary` when
 * given) and create-masumi-agent, whose dependency on the library names exactly that version, as
 * the CLI's projects do.
 */
export async function publishRelease(
  registry: LocalRegistry,
  version: string,
  options: { editLibrary?: (packageDir: string) => Promise<void> } = {},
): Promise<void> {
  await publishWorkspace(registry, LIBRARY_DIR, version, { edit: options.editLibrary });
  await publishWorkspace(registry, ".", version, {
    edit: async (packageDir) => {
      const manifestPath = join(packageDir, "package.json");
      const manifest = JSON.parse(await readFile(manifestPath, "utf8")) as { dependencies: Record<string, string> };
      manifest.dependencies["masumi-agent"] = version;
      await writeFile(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
    },
  });
}

/** A prerelease of `base` that no earlier run published: 0.1.0 -> 0.1.0-e2e.1764625000000 */
export function e2eVersion(base: string): string {
  return `${base.replace(/-.*$/, "")}-e2e.${Date.now()}`;
}

/**
 * Ids of live processes working in `root` (a registry's directory, where Verdaccio runs), also
 * once that directory is removed: [] after close(). Verdaccio renames its process, so its
 * command line cannot tell.
 */
export async function registryProcesses(root: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const cwd = await readlink(`/proc/${entry}/cwd`).catch(() => "");
    if (cwd === root || cwd === `${root} (deleted)` || cwd.startsWith(`${root}/`)) pids.push(Number(entry));
  }
  return pids;
}

/**
 * Installs Verdaccio once per machine (see VERDACCIO_VERSION) and returns its bin. Two test
 * workers may race: each installs into its own staging directory and the first rename wins.
 */
async function installVerdaccio(): Promise<string> {
  const bin = join(VERDACCIO_DIR, "node_modules", "verdaccio", "bin", "verdaccio");
  if (existsSync(bin)) return bin;
  const staging = `${VERDACCIO_DIR}.${process.pid}.tmp`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  const manifest = {
    name: "cma-verdaccio",
    private: true,
    dependencies: { verdaccio: VERDACCIO_VERSION },
    overrides: { "node-fetch": "2.7.0" },
  };
  await writeFile(join(staging, "package.json"), JSON.stringify(manifest, null, 2));
  await execa("npm", ["install", "--no-audit", "--no-fund", "--registry", PUBLIC_REGISTRY], { cwd: staging });
  await rename(staging, VERDACCIO_DIR).catch(() => rm(staging, { recursive: true, force: true }));
  return bin;
}

/**
 * Anyone may read; publishing needs the throwaway user that startLocalRegistry registers. The
 * local packages have no uplink, so a name that also exists publicly is never mixed with it.
 */
function verdaccioConfig(root: string, localPackages: string[]): string {
  const local = localPackages.map((name) => `  '${name}':\n    access: $all\n    publish: $authenticated\n`).join("");
  return `storage: ${join(root, "storage")}
auth:
  htpasswd:
    file: ${join(root, "htpasswd")}
uplinks:
  npmjs:
    url: ${PUBLIC_REGISTRY}
    timeout: 60s
packages:
${local}  '**':
    access: $all
    publish: $authenticated
    proxy: npmjs
server:
  keepAliveTimeout: 60
log: { type: stdout, format: pretty, level: warn }
`;
}

/**
 * Preloaded into Verdaccio: it exits once its parent (the test process) is gone, so it cannot
 * outlive the test process however that ends, even by SIGKILL. (Watching a stdin pipe for its end
 * instead does not work: Verdaccio's stdin ends by itself after its first login.)
 */
const EXIT_WITH_PARENT = `const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.exit(0);
}, 500).unref();
`;

async function waitUntilAnswering(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`Verdaccio exited (${child.exitCode ?? child.signalCode})`);
    const ok = await fetch(url).then((response) => response.ok, () => false);
    if (ok) return;
    await new Promise((resolveWait) => setTimeout(resolveWait, 200));
  }
  throw new Error(`Verdaccio did not answer ${url} within ${timeoutMs / 1000} s`);
}

/** SIGTERM, then SIGKILL if it has not exited after 10 s. */
async function stop(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Registers a throwaway user (what `npm adduser` does) and returns its token. */
async function addUser(url: string): Promise<string> {
  const name = "cma-e2e";
  const response = await fetch(`${url}-/user/org.couchdb.user:${name}`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name, password: "cma-e2e-password" }),
  });
  const body = (await response.json()) as { token?: string };
  if (!response.ok || !body.token) throw new Error(`adding the publishing user failed: ${response.status} ${JSON.stringify(body)}`);
  return body.token;
}

/**
 * The clients' environment. Two settings describe the machine rather than the user and are
 * carried over from the user's effective npm config: nodedir (node-gyp builds native addons such
 * as better-sqlite3 against Node's local headers instead of downloading them) and cafile.
 */
async function clientEnv(root: string, url: string): Promise<NodeJS.ProcessEnv> {
  const { stdout } = await execa("npm", ["config", "list", "--json"], { cwd: root });
  const effective = JSON.parse(stdout) as Record<string, unknown>;
  const userconfig = join(root, "npmrc");
  await writeFile(userconfig, "");
  const carried: NodeJS.ProcessEnv = {};
  for (const key of ["nodedir", "cafile"]) {
    if (typeof effective[key] === "string") carried[`npm_config_${key}`] = effective[key];
  }
  return {
    ...withoutNpmVariables(process.env),
    ...carried,
    npm_config_registry: url,
    npm_config_userconfig: userconfig,
    npm_config_cache: join(root, "npm-cache"),
    npm_config_update_notifier: "false",
    npm_config_audit: "false",
    npm_config_fund: "false",
    BUN_CONFIG_REGISTRY: url,
    BUN_INSTALL_CACHE_DIR: join(root, "bun-cache"),
    // Deno reads the npm registry from NPM_CONFIG_REGISTRY (npm reads its npm_config_* case-insensitively).
    NPM_CONFIG_REGISTRY: url,
    // Deno 2.9 refuses versions published less than 24 hours ago by default; everything published
    // here is seconds old. It reads this variable (npm 11 too, whose default is already 0).
    npm_config_min_release_age: "0",
    DENO_DIR: join(root, "deno-dir"),
  };
}

/**
 * `process.env` with every npm_* variable (npm_config_*, npm_lifecycle_*, npm_execpath...) set to
 * undefined, which removes it also where execa merges the result into process.env.
 */
function withoutNpmVariables(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const result: NodeJS.ProcessEnv = { ...env };
  for (const key of Object.keys(result)) if (/^npm_/i.test(key)) result[key] = undefined;
  return result;
}

/** The root package's name and those of its npm workspaces (workspace globs "dir/*" or plain dirs). */
async function repositoryPackageNames(): Promise<string[]> {
  const readName = async (dir: string) =>
    (JSON.parse(await readFile(join(dir, "package.json"), "utf8")) as { name: string; workspaces?: string[] });
  const root = await readName(REPO_ROOT);
  const names = [root.name];
  for (const pattern of root.workspaces ?? []) {
    const dirs = pattern.endsWith("/*")
      ? (await readdir(join(REPO_ROOT, pattern.slice(0, -2)), { withFileTypes: true }))
          .filter((entry) => entry.isDirectory())
          .map((entry) => join(REPO_ROOT, pattern.slice(0, -2), entry.name))
      : [join(REPO_ROOT, pattern)];
    for (const dir of dirs) if (existsSync(join(dir, "package.json"))) names.push((await readName(dir)).name);
  }
  return names;
}
