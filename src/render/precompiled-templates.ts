import type Handlebars from "handlebars";
import handlebarsRuntime from "handlebars/runtime.js";
import { PACKAGE_ROOT } from "../package-root.js";

/**
 * Every file of templates/, keyed by its path there ("base/README.md.hbs"): a plain file as its
 * text, a `.hbs` template as the spec Handlebars precompiled it to. The build writes this module
 * (src/build/build-cli.ts), so a run loads Handlebars' runtime and never its compiler.
 */
export type TemplateFiles = Record<string, string | TemplateSpecification>;

/**
 * Where the build writes the module. Loaded from there by tests (from src/) and by the built CLI
 * alike, so both render from the same precompiled templates.
 */
export const PRECOMPILED_TEMPLATES_URL = new URL("dist/templates.js", PACKAGE_ROOT);

let loaded: Promise<TemplateFiles> | undefined;

export function loadTemplateFiles(): Promise<TemplateFiles> {
  loaded ??= import(PRECOMPILED_TEMPLATES_URL.href).then(
    (module: { default: TemplateFiles }) => module.default,
    (error: unknown) => {
      throw new Error(`${PRECOMPILED_TEMPLATES_URL.pathname} cannot be loaded: run npm run build`, {
        cause: error,
      });
    },
  );
  return loaded;
}

/** A layer's files, keyed by their path inside the layer ("src/agent.ts"). */
export function layerFiles(
  files: TemplateFiles,
  layer: string,
): [string, string | TemplateSpecification][] {
  const prefix = `${layer}/`;
  return Object.entries(files)
    .filter(([path]) => path.startsWith(prefix))
    .map(([path, file]) => [path.slice(prefix.length), file]);
}

/** The helpers templates may call besides Handlebars' own; the build refuses any other name. */
export const TEMPLATE_HELPERS = {
  eq: (a: unknown, b: unknown) => a === b,
  json: (value: unknown) => JSON.stringify(value),
};

// The runtime half of Handlebars' API; its own typings (runtime.d.ts) declare none of it.
const handlebars = (handlebarsRuntime as unknown as typeof Handlebars).create();
handlebars.registerHelper(TEMPLATE_HELPERS);

/** The template at a path of templates/; a path that is not a template there is a stale build. */
export function templateSpec(files: TemplateFiles, path: string): TemplateSpecification {
  const spec = files[path];
  if (spec === undefined || typeof spec === "string") {
    throw new Error(
      `${PRECOMPILED_TEMPLATES_URL.pathname} has no template ${path}: run npm run build`,
    );
  }
  return spec;
}

export function renderTemplate(
  spec: TemplateSpecification,
  context: Record<string, unknown>,
): string {
  return handlebars.template(spec)(context);
}
