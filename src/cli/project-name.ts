import { basename, resolve } from "node:path";
import validatePackageName from "validate-npm-package-name";

/** The project name a target directory suggests: its last path segment. */
export function nameFromDirectory(dir: string): string {
  return basename(resolve(dir));
}

/**
 * A valid npm package name close to `name` ("My Agent" -> "my-agent"), or undefined when none
 * can be made from it.
 */
export function suggestName(name: string): string | undefined {
  const suggestion = basename(name.trim())
    .toLowerCase()
    .replace(/[^a-z0-9._~-]+/g, "-")
    .replace(/^[._-]+/, "")
    .replace(/-+/g, "-")
    .replace(/-$/, "")
    .slice(0, 214);
  return suggestion !== "" && validatePackageName(suggestion).validForNewPackages ? suggestion : undefined;
}

/** Why `name` cannot be an npm package name, with a valid name to use instead; undefined when it can. */
export function invalidNameReason(name: string): string | undefined {
  const result = validatePackageName(name);
  if (result.validForNewPackages) return undefined;
  const problem = [...(result.errors ?? []), ...(result.warnings ?? [])][0] ?? "not a valid npm package name";
  const suggestion = suggestName(name);
  return suggestion ? `${problem}; try "${suggestion}"` : problem;
}
