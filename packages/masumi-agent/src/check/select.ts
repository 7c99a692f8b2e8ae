import { UsageError } from "../usage-error.js";
import type { Check } from "./check.js";
import type { Profile } from "./types.js";

function matches(id: string, pattern: string): boolean {
  return id.toUpperCase().startsWith(pattern.toUpperCase());
}

/** Splits `--only AV-,SJ-id` style lists (commas or spaces, repeatable) into patterns. */
export function parsePatterns(values: readonly string[]): string[] {
  return values.flatMap((value) => value.split(/[\s,]+/)).filter((pattern) => pattern !== "");
}

/**
 * The checks that `only` and `exclude` leave, in catalogue order. A pattern is an id or a prefix
 * of ids (`SJ-`, `SJ-neg`), case-insensitive; one that matches nothing is a usage error, so that
 * a typo does not silently run nothing.
 */
export function filterChecks(
  catalogue: readonly Check[],
  only: readonly string[],
  exclude: readonly string[],
): Check[] {
  for (const pattern of [...only, ...exclude]) {
    if (!catalogue.some((check) => matches(check.id, pattern))) {
      throw new UsageError(`no check matches "${pattern}" (see --list)`);
    }
  }
  return catalogue.filter(
    (check) =>
      (only.length === 0 || only.some((pattern) => matches(check.id, pattern))) &&
      !exclude.some((pattern) => matches(check.id, pattern)),
  );
}

/** The filtered checks of one profile; none at all is a usage error. */
export function selectChecks(
  catalogue: readonly Check[],
  profile: Profile,
  only: readonly string[],
  exclude: readonly string[],
): Check[] {
  const selected = filterChecks(catalogue, only, exclude).filter((check) => check.profiles.includes(profile));
  if (selected.length === 0) throw new UsageError(`no check of the ${profile} profile is left to run`);
  return selected;
}
