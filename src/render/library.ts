import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { PACKAGE_ROOT } from "../package-root.js";
import { CLI_VERSION } from "../version.js";

/**
 * Where a generated project gets `masumi-agent` from. A published CLI (no packages/ beside it)
 * names the published library at its own version. A CLI run from a checkout of this repository
 * uses that checkout's library instead, so that what is generated runs against the code beside it:
 * a packed tarball for package managers, the package directory itself for Deno's `links`.
 */
export type LibrarySource =
  | { kind: "registry"; version: string }
  | { kind: "checkout"; version: string; tarball: string; packageDir: string };

/** The library's directory in a checkout: packages/masumi-agent beside src/ and dist/. */
export const CHECKOUT_LIBRARY_DIR = fileURLToPath(new URL("packages/masumi-agent/", PACKAGE_ROOT));

export const PUBLISHED_LIBRARY: LibrarySource = { kind: "registry", version: CLI_VERSION };

/** The library a project made by this CLI depends on; packs the checkout's library when there is one. */
export async function resolveLibrary(): Promise<LibrarySource> {
  if (!existsSync(join(CHECKOUT_LIBRARY_DIR, "package.json"))) return PUBLISHED_LIBRARY;
  return { kind: "checkout", version: CLI_VERSION, ...(await packCheckoutLibrary()) };
}

/**
 * `npm pack`s the checkout's built library (dist/ as it is: building is the checkout's `npm run
 * build`, which also built this CLI) into packages/masumi-agent/.packed/ of the checkout, under a
 * name with the tarball's hash: a project's lockfile records the file's integrity, so a changed
 * library is a new file. It lives in the checkout, not a temporary directory, so a project keeps
 * installing as long as the checkout it came from is there.
 */
async function packCheckoutLibrary(): Promise<{ tarball: string; packageDir: string }> {
  const packageDir = CHECKOUT_LIBRARY_DIR.replace(/\/$/, "");
  if (!existsSync(join(packageDir, "dist", "index.js"))) {
    throw new Error(`${packageDir}/dist is missing: run \`npm run build\` in the checkout first`);
  }
  const cacheDir = join(packageDir, ".packed");
  await mkdir(cacheDir, { recursive: true });
  const staging = await mkdtemp(join(cacheDir, "pack-"));
  // Loaded here: execa (and node:crypto) take longer to import than the rest of a scaffold that
  // packs nothing.
  const { execa } = await import("execa");
  const { createHash } = await import("node:crypto");
  try {
    const { stdout } = await execa(
      "npm",
      ["pack", "--ignore-scripts", "--json", "--pack-destination", staging],
      { cwd: packageDir },
    );
    const [{ filename }] = JSON.parse(stdout) as [{ filename: string }];
    const packed = join(staging, filename);
    const hash = createHash("sha256")
      .update(await readFile(packed))
      .digest("hex")
      .slice(0, 12);
    const tarball = join(cacheDir, filename.replace(/\.tgz$/, `-${hash}.tgz`));
    if (!existsSync(tarball)) await rename(packed, tarball);
    return { tarball, packageDir };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
