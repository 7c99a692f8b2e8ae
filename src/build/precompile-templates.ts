import { readdir, readFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import Handlebars from "handlebars";
import { PACKAGE_ROOT } from "../package-root.js";

/** The templates' sources. */
const TEMPLATES_ROOT = fileURLToPath(new URL("templates/", PACKAGE_ROOT));

/**
 * How every template is compiled: output is source code, never HTML, so nothing is escaped; and
 * a variable that the context does not have is an error, not an empty string.
 */
const COMPILE_OPTIONS = { noEscape: true, strict: true } as const;

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join("/"))
    .sort();
}

/**
 * The source of the module that holds every file of templates/ (see TemplateFiles): a `.hbs`
 * file precompiled to a template spec, any other file as its text.
 */
export async function precompiledTemplatesModule(): Promise<string> {
  const entries: string[] = [];
  for (const path of await listFiles(TEMPLATES_ROOT)) {
    const source = await readFile(join(TEMPLATES_ROOT, path), "utf8");
    // precompile returns the spec as JavaScript source, whatever its types say.
    const file = path.endsWith(".hbs")
      ? String(Handlebars.precompile(source, COMPILE_OPTIONS))
      : JSON.stringify(source);
    entries.push(`  ${JSON.stringify(path)}: ${file},`);
  }
  return `// Generated from templates/ by the build (src/build/): do not edit.\nexport default {\n${entries.join("\n")}\n};\n`;
}
