import { readFile } from "node:fs/promises";
import { InvalidArgumentError } from "commander";
import { UsageError } from "../usage-error.js";

/** Parsers for the `check` command's option values; each refuses bad input with a clear line. */

export function wholeNumber(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1)
    throw new InvalidArgumentError("expected a whole number of at least 1");
  return Number(value);
}

/** For repeatable options: each occurrence adds its value. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** `--header "Name: value"`, repeatable, into one headers object (names lower case). */
export function parseHeaders(values: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const value of values) {
    const colon = value.indexOf(":");
    const name = value.slice(0, colon).trim().toLowerCase();
    if (colon < 1 || !/^[!#$%&'*+.^_`|~0-9a-z-]+$/.test(name)) {
      throw new UsageError(`--header "${value}" is not of the form "Name: value"`);
    }
    headers[name] = value.slice(colon + 1).trim();
  }
  return headers;
}

/** `--input '{"text": "hi"}'` or `--input @input.json`: parsed JSON. */
export async function parseInput(value: string | undefined): Promise<unknown> {
  if (value === undefined) return undefined;
  let text = value;
  if (value.startsWith("@")) {
    try {
      text = await readFile(value.slice(1), "utf8");
    } catch (error) {
      throw new UsageError(`--input ${value}: ${(error as Error).message}`);
    }
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UsageError(`--input is not valid JSON: ${(error as Error).message}`);
  }
}
