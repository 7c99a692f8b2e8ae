import { PACKAGE_MANAGERS, type PackageManager } from "../options.js";

/**
 * The package manager that launched the CLI (`npm create`, `pnpm create`, `yarn create`,
 * `bun create` all set npm_config_user_agent, e.g. "pnpm/9.1.0 npm/? node/v20.12.0 linux x64").
 */
export function detectPackageManager(userAgent = process.env.npm_config_user_agent): PackageManager {
  const name = userAgent?.split("/")[0];
  return (PACKAGE_MANAGERS as readonly string[]).includes(name ?? "") ? (name as PackageManager) : "npm";
}
