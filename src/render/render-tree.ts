import type { StackOptions } from "../options.js";
import { agentLayers } from "./agent-kinds.js";
import { containerSpec } from "./container.js";
import { templateContext } from "./context.js";
import type { FileTree } from "./file-tree.js";
import { buildDenoJson, documentedEnvNames } from "./deno-json.js";
import { PUBLISHED_LIBRARY, type LibrarySource } from "./library.js";
import { buildPackageJson, RUNNING_NODE, type NodeTarget } from "./package-json.js";
import {
  layerFiles,
  loadTemplateFiles,
  renderTemplate,
  templateSpec,
  type TemplateFiles,
} from "./precompiled-templates.js";

/**
 * The template layers for a stack, in the order they are applied: a later layer's file replaces
 * an earlier one at the same path. Combinations come from composing layers, never from copies.
 * The store and the payment mode are no layers: each is a word in src/main.ts, its settings in
 * .env.example and its peer dependency in the manifest; masumi-agent holds their code.
 */
export function templateLayers(stack: StackOptions): string[] {
  return [
    "base",
    `runtime/${stack.runtime}`,
    `framework/${stack.framework}`,
    ...agentLayers(stack.agent),
  ];
}

/**
 * npm drops dotfiles such as `.gitignore` from published packages, so templates ship them with a
 * leading underscore (`_gitignore`) and the name is restored here.
 */
export function outputPath(templatePath: string): string {
  const withoutSuffix = templatePath.endsWith(".hbs")
    ? templatePath.slice(0, -".hbs".length)
    : templatePath;
  return withoutSuffix
    .split("/")
    .map((part) => (part.startsWith("_") ? `.${part.slice(1)}` : part))
    .join("/");
}

/**
 * The manifest, built as an object: deno.json for Deno, whose agent may read only the variables
 * its .env.example documents; package.json for the others.
 */
function addManifest(
  tree: FileTree,
  stack: StackOptions,
  library: LibrarySource,
  node: NodeTarget,
): void {
  if (stack.runtime === "deno") {
    const envNames = documentedEnvNames(tree.get(".env.example") ?? "");
    tree.set("deno.json", `${JSON.stringify(buildDenoJson(stack, envNames, library), null, 2)}\n`);
  } else {
    tree.set(
      "package.json",
      `${JSON.stringify(buildPackageJson(stack, library, node), null, 2)}\n`,
    );
  }
}

/**
 * The Dockerfile: one template for every stack (templates/container/), filled in with what the
 * runtime puts in each stage (containerSpec). Rendered after the layers, as the manifest is: a
 * Deno agent's command grants the variables that the rendered .env.example lists.
 */
function addDockerfile(
  tree: FileTree,
  stack: StackOptions,
  context: Record<string, unknown>,
  templates: TemplateFiles,
): void {
  const container = containerSpec(stack, documentedEnvNames(tree.get(".env.example") ?? ""));
  const dockerfile = templateSpec(templates, "container/Dockerfile.hbs");
  tree.set("Dockerfile", renderTemplate(dockerfile, { ...context, container }));
}

export interface RenderOptions {
  /** Where masumi-agent comes from: the published library unless told (see resolveLibrary). */
  library?: LibrarySource;
  /** What the project may count on from Node (node:sqlite or not): the CLI's own Node unless told. */
  node?: NodeTarget;
}

/**
 * Renders the stack's templates into memory from the build's precompiled templates; nothing
 * touches the disk. A template that renders to nothing (such as tsconfig.json for Deno) is not
 * written.
 */
export async function renderTree(
  stack: StackOptions,
  { library = PUBLISHED_LIBRARY, node = RUNNING_NODE }: RenderOptions = {},
): Promise<FileTree> {
  const templates = await loadTemplateFiles();
  const context = templateContext(stack, node);
  const tree: FileTree = new Map();
  for (const layer of templateLayers(stack)) {
    for (const [templatePath, file] of layerFiles(templates, layer)) {
      const contents = typeof file === "string" ? file : renderTemplate(file, context);
      if (contents.trim() === "") tree.delete(outputPath(templatePath));
      else tree.set(outputPath(templatePath), contents);
    }
  }
  addManifest(tree, stack, library, node);
  addDockerfile(tree, stack, context, templates);
  return tree;
}
