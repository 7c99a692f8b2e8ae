import { FREE_AGENT_RULE } from "../catalogue.js";
import type { Check } from "../check.js";

/** `--list`: one line per check (id, level, profiles, description) and its spec reference. */
export function catalogueText(checks: readonly Check[]): string {
  const width = Math.max(...checks.map((check) => check.id.length));
  const lines = checks.map(
    (check) =>
      `${check.id.padEnd(width)}  ${check.level.padEnd(6)}  ${check.profiles.join(",").padEnd(12)}  ${check.title}\n${" ".repeat(width + 24)}${check.ref}`,
  );
  return `${lines.join("\n")}\n\n${checks.length} checks. ${FREE_AGENT_RULE}\n`;
}

export function catalogueJson(checks: readonly Check[]): string {
  const entries = checks.map(({ run: _run, phase: _phase, ...info }) => info);
  return `${JSON.stringify(entries, null, 2)}\n`;
}
