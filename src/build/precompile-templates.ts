import { readdir, readFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { transform } from "esbuild";
import Handlebars from "handlebars";
import { PACKAGE_ROOT } from "../package-root.js";
import { TEMPLATE_HELPERS } from "../render/precompiled-templates.js";

/** The templates' sources. */
const TEMPLATES_ROOT = fileURLToPath(new URL("templates/", PACKAGE_ROOT));

/**
 * How every template is compiled: output is source code, never HTML, so nothing is escaped; a
 * variable that the context does not have is an error, not an empty string; and the helpers are
 * the built-in ones plus TEMPLATE_HELPERS, called directly (smaller, faster code than looking each
 * name up at run time), any other name failing the build.
 */
const COMPILE_OPTIONS = {
  noEscape: true,
  strict: true,
  knownHelpers: Object.fromEntries(Object.keys(TEMPLATE_HELPERS).map((name) => [name, true])),
  knownHelpersOnly: true,
};

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join("/"))
    .sort();
}

/** A template's spec as JavaScript source (what precompile returns, whatever its types say). */
export function precompileTemplate(source: string): string {
  return String(Handlebars.precompile(source, COMPILE_OPTIONS));
}

/**
 * The source of the module that holds every file of templates/ (see TemplateFiles): a `.hbs`
 * file precompiled to a template spec, any other file as its text.
 */
export async function precompiledTemplatesModule(): Promise<string> {
  const entries: string[] = [];
  for (const path of await listFiles(TEMPLATES_ROOT)) {
    const source = await readFile(join(TEMPLATES_ROOT, path), "utf8");
    const file = path.endsWith(".hbs") ? precompileTemplate(source) : JSON.stringify(source);
    entries.push(`  ${JSON.stringify(path)}: ${file},`);
  }
  const module = `export default {\n${entries.join("\n")}\n};\n`;
  // Minified: a scaffold run compiles all of it, and whitespace is most of a template spec's code.
  const { code } = await transform(module, { minify: true, format: "esm", target: "node20.12" });
  return `// Generated from templates/ by the build (src/build/): do not edit.\n${code}`;
}
