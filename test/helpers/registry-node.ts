import { access, mkdir } from "node:fs/promises";
import { delimiter, join } from "node:path";
import { execa } from "execa";

/** A Node.js installed from the npm registry (the `node` package) into a cache folder. */
export type RegistryNode = { bin: string; version: string; env: NodeJS.ProcessEnv } | { unreachable: string };

/** Errors that mean the registry could not be reached, not that the install is broken. */
const UNREACHABLE = /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|network/i;

/**
 * `npm install node@<major>` into /tmp/cma-node-<major>, once: later calls reuse it. `env` puts
 * that Node first on the PATH, so npm, tsx and the package scripts a process starts run on it.
 */
export async function installRegistryNode(major: number): Promise<RegistryNode> {
  const dir = `/tmp/cma-node-${major}`;
  const binDir = join(dir, "node_modules", "node", "bin");
  const bin = join(binDir, "node");
  if (!(await exists(bin))) {
    await mkdir(dir, { recursive: true });
    const install = await execa("npm", ["install", "--no-save", "--no-audit", "--no-fund", `node@${major}`], {
      cwd: dir,
      reject: false,
      all: true,
      timeout: 300_000,
    });
    if (install.exitCode !== 0) {
      if (UNREACHABLE.test(install.all ?? "")) return { unreachable: install.all ?? "" };
      throw new Error(`npm install node@${major} failed:\n${install.all}`);
    }
  }
  const { stdout: version } = await execa(bin, ["--version"]);
  if (!version.startsWith(`v${major}.`)) throw new Error(`${bin} is ${version}, not Node ${major}`);
  return { bin, version, env: { ...unsetNpmSettings(process.env), PATH: [binDir, process.env.PATH].join(delimiter) } };
}

/**
 * Unsets (undefined, which child processes leave out, also where the environment is merged) the
 * npm_* variables of the npm that started the tests: npm puts the bin folder of an inherited
 * npm_config_prefix (/usr/bin) before the PATH, and with it its own Node.
 */
function unsetNpmSettings(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.keys(env)
      .filter((name) => name.toLowerCase().startsWith("npm_"))
      .map((name) => [name, undefined]),
  );
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
