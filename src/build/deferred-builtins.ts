import { fileURLToPath } from "node:url";
import type { Plugin } from "esbuild";

/**
 * Node modules that a library in the bundle imports at load but uses only on a path a
 * `--yes` run never takes: there the bundle imports a stand-in of src/build/deferred/ instead,
 * which loads the real module at the first call (node:process: which reads the process's
 * properties where they are used). Each is keyed by the importing package, so that the project's
 * own code and every other package still import the real module.
 */
const DEFERRED: { importer: RegExp; module: string; standIn: string }[] = [
  {
    importer: /[/\\]node_modules[/\\]commander[/\\]/,
    module: "node:child_process",
    standIn: "child-process.ts",
  },
  {
    importer: /[/\\]node_modules[/\\]@clack[/\\]core[/\\]/,
    module: "node:readline",
    standIn: "readline.ts",
  },
  {
    importer: /[/\\]node_modules[/\\]@clack[/\\](core|prompts)[/\\]/,
    module: "node:process",
    standIn: "process.cts",
  },
];

export const deferredBuiltins: Plugin = {
  name: "deferred-builtins",
  setup(build) {
    for (const { importer, module, standIn } of DEFERRED) {
      const filter = new RegExp(`^${module}$`);
      build.onResolve({ filter }, (args) =>
        importer.test(args.importer)
          ? { path: fileURLToPath(new URL(`deferred/${standIn}`, import.meta.url)) }
          : undefined,
      );
    }
  },
};
