import { readdir, readFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import Handlebars from "handlebars";
import type { StackOptions } from "../options.js";
import { agentLayers } from "./agent-kinds.js";
import { containerSpec } from "./container.js";
import { templateContext } from "./context.js";
import type { FileTree } from "./file-tree.js";
import { buildDenoJson, documentedEnvNames } from "./deno-json.js";
import { PUBLISHED_LIBRARY, type LibrarySource } from "./library.js";
import { buildPackageJson, RUNNING_NODE, type NodeTarget } from "./package-json.js";

/** `templates/` ships next to `src/` and `dist/`, so it is two levels up from this module. */
export const TEMPLATES_ROOT = fileURLToPath(new URL("../../templates/", import.meta.url));

/**
 * The template layers for a stack, in the order they are applied: a later layer's file replaces
 * an earlier one at the same path. Combinations come from composing layers, never from copies.
 * The store and the payment mode are no layers: each is a word in src/main.ts, its settings in
 * .env.example and its peer dependency in the manifest; masumi-agent holds their code.
 */
export function templateLayers(stack: StackOptions): string[] {
  return ["base", `runtime/${stack.runtime}`, `framework/${stack.framework}`, ...agentLayers(stack.agent)];
}

/**
 * npm drops dotfiles such as `.gitignore` from published packages, so templates ship them with a
 * leading underscore (`_gitignore`) and the name is restored here.
 */
export function outputPath(templatePath: string): string {
  const withoutSuffix = templatePath.endsWith(".hbs") ? templatePath.slice(0, -".hbs".length) : templatePath;
  return withoutSuffix
    .split("/")
    .map((part) => (part.startsWith("_") ? `.${part.slice(1)}` : part))
    .join("/");
}

async function listFiles(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join("/"));
}

const handlebars = Handlebars.create();
handlebars.registerHelper("eq", (a: unknown, b: unknown) => a === b);
handlebars.registerHelper("json", (value: unknown) => JSON.stringify(value));

function renderTemplate(source: string, context: Record<string, unknown>): string {
  return handlebars.compile(source, { noEscape: true, strict: true })(context);
}

/**
 * The manifest, built as an object: deno.json for Deno, whose agent may read only the variables
 * its .env.example documents; package.json for the others.
 */
function addManifest(tree: FileTree, stack: StackOptions, library: LibrarySource, node: NodeTarget): void {
  if (stack.runtime === "deno") {
    const envNames = documentedEnvNames(tree.get(".env.example") ?? "");
    tree.set("deno.json", `${JSON.stringify(buildDenoJson(stack, envNames, library), null, 2)}\n`);
  } else {
    tree.set("package.json", `${JSON.stringify(buildPackageJson(stack, library, node), null, 2)}\n`);
  }
}

/**
 * The Dockerfile: one template for every stack (templates/container/), filled in with what the
 * runtime puts in each stage (containerSpec). Rendered after the layers, as the manifest is: a
 * Deno agent's command grants the variables that the rendered .env.example lists.
 */
async function addDockerfile(
  tree: FileTree,
  stack: StackOptions,
  context: Record<string, unknown>,
  templatesRoot: string,
): Promise<void> {
  const container = containerSpec(stack, documentedEnvNames(tree.get(".env.example") ?? ""));
  const source = await readFile(join(templatesRoot, "container", "Dockerfile.hbs"), "utf8");
  tree.set("Dockerfile", renderTemplate(source, { ...context, container }));
}

export interface RenderOptions {
  /** Where masumi-agent comes from: the published library unless told (see resolveLibrary). */
  library?: LibrarySource;
  templatesRoot?: string;
  /** What the project may count on from Node (node:sqlite or not): the CLI's own Node unless told. */
  node?: NodeTarget;
}

/**
 * Renders the stack's templates into memory; nothing touches the disk but reads of templates/.
 * A template that renders to nothing (such as tsconfig.json for Deno) is not written.
 */
export async function renderTree(
  stack: StackOptions,
  { library = PUBLISHED_LIBRARY, templatesRoot = TEMPLATES_ROOT, node = RUNNING_NODE }: RenderOptions = {},
): Promise<FileTree> {
  const context = templateContext(stack, node);
  const tree: FileTree = new Map();
  for (const layer of templateLayers(stack)) {
    const layerDir = join(templatesRoot, layer);
    for (const templatePath of await listFiles(layerDir)) {
      const source = await readFile(join(layerDir, templatePath), "utf8");
      const contents = templatePath.endsWith(".hbs") ? renderTemplate(source, context) : source;
      if (contents.trim() === "") tree.delete(outputPath(templatePath));
      else tree.set(outputPath(templatePath), contents);
    }
  }
  addManifest(tree, stack, library, node);
  await addDockerfile(tree, stack, context, templatesRoot);
  return tree;
}
