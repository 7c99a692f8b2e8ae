/**
 * `npm run build`, after tsc has checked src/: writes the CLI that ships into a fresh dist/.
 * 1. dist/templates.js: templates/ precompiled (see precompile-templates.ts).
 * 2. dist/cli.js: the CLI bundled with its dependencies, plus a chunk for each part that loads on
 *    demand (the questions, the steps after writing, the checker, ...) and the chunks those share.
 *    A `--yes` run loads about a dozen files where it loaded almost ninety modules, and loading
 *    them was most of its time.
 */
import { mkdir, rm, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { PACKAGE_ROOT } from "../package-root.js";
import { PRECOMPILED_TEMPLATES_URL } from "../render/precompiled-templates.js";
import { deferredBuiltins } from "./deferred-builtins.js";
import { precompiledTemplatesModule } from "./precompile-templates.js";

const DIST = fileURLToPath(new URL("dist/", PACKAGE_ROOT));

await rm(DIST, { recursive: true, force: true });
await mkdir(DIST);
await writeFile(fileURLToPath(PRECOMPILED_TEMPLATES_URL), await precompiledTemplatesModule());
// masumi-agent's commands are bundled too: they add options to this CLI's commander program, and
// commander is one copy only if both are in the bundle.
await build({
  entryPoints: { cli: fileURLToPath(new URL("src/cli/program.ts", PACKAGE_ROOT)) },
  outdir: DIST,
  // Every file straight in dist/, one level below the package root, as src/package-root.ts says.
  chunkNames: "[name]-[hash]",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20.12",
  // CommonJS dependencies bundled into an ES module still call require() for Node's modules.
  banner: {
    js: 'import { createRequire as bundleRequire } from "node:module"; const require = bundleRequire(import.meta.url);',
  },
  plugins: [deferredBuiltins],
  // Less to read and compile at every run; names are kept, so that the stack of an unexpected
  // error still says which functions it went through.
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: true,
  sourcesContent: false,
  logLevel: "warning",
});
