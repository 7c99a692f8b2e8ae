import { basename, resolve } from "node:path";
import validatePackageName from "validate-npm-package-name";

/** The project name a target directory suggests: its last path segment. */
export function nameFromDirectory(dir: string): string {
  return basename(resolve(dir));
}

/** Why `name` cannot be an npm package name, or undefined when it can. */
export function invalidNameReason(name: string): string | undefined {
  const result = validatePackageName(name);
  if (result.validForNewPackages) return undefined;
  const problems = [...(result.errors ?? []), ...(result.warnings ?? [])];
  return problems[0] ?? "not a valid npm package name";
}
