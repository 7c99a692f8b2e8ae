import { existsSync, readFileSync } from "node:fs";
import { parseEnv } from "node:util";

/** The part of Deno's permission API that says whether a variable was granted. */
interface DenoEnvPermissions {
  permissions: { querySync(descriptor: { name: "env"; variable: string }): { state: string } };
}

/**
 * Whether this process may read and set the variable: always on Node and Bun; on Deno when its
 * --allow-env grants the name. Asked, not tried: on a terminal Deno would prompt for it instead.
 */
export function mayUseEnv(name: string): boolean {
  const deno = (globalThis as { Deno?: DenoEnvPermissions }).Deno;
  return (
    deno === undefined ||
    deno.permissions.querySync({ name: "env", variable: name }).state === "granted"
  );
}

/**
 * Loads `.env` into process.env when the file exists, as Node's process.loadEnvFile does (same
 * parser): a variable already set wins. That function needs access to every variable under Deno,
 * whose projects grant only the names their .env.example lists (deno.json), so the file is parsed
 * and each name set on its own. A name the process may not read is left unset rather than ending
 * the start: returns those names, for the caller to warn about.
 */
export function loadEnvFile(path = ".env"): string[] {
  if (!existsSync(path)) return [];
  const ungranted: string[] = [];
  for (const [name, value] of Object.entries(parseEnv(readFileSync(path, "utf8")))) {
    if (!mayUseEnv(name)) ungranted.push(name);
    else if (process.env[name] === undefined && value !== undefined) process.env[name] = value;
  }
  return ungranted;
}
