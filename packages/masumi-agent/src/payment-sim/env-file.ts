/**
 * `payment-sim --write-env <file>`: puts the simulator's settings into an agent's .env. Each of the
 * simulator's variables gets exactly one `NAME=value` line, where its first line was (else at the
 * end); a variable the current profile does not use (PAYMENT_SOURCE_INDEX for a V1 seller) loses
 * its line. Every other line stays as it was, byte for byte. `register` writes the variables of a
 * registration the same way (its own `names`).
 */
import { readFile, writeFile } from "node:fs/promises";

/** Every variable the simulator may set, used or not in the current profile. */
export const SIMULATOR_ENV_NAMES = [
  "PAYMENT_SERVICE_URL",
  "PAYMENT_API_KEY",
  "AGENT_IDENTIFIER",
  "NETWORK",
  "PAYMENT_SOURCE_TYPE",
  "PAYMENT_SOURCE_INDEX",
] as const;

function assignedName(line: string): string | undefined {
  return /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(line)?.[1];
}

/**
 * The new text of an env file: `text` with the lines of `names` (by default the simulator's) set
 * to `values`; a name without a value loses its line.
 */
export function updatedEnvText(
  text: string,
  values: Readonly<Record<string, string | undefined>>,
  names: readonly string[] = SIMULATOR_ENV_NAMES,
): string {
  const newline = text.includes("\r\n") ? "\r\n" : "\n";
  const lines = text === "" ? [] : text.split(/\r?\n/);
  const endsWithNewline = lines.length > 0 && lines.at(-1) === "";
  if (endsWithNewline) lines.pop();
  const written = new Set<string>();
  const kept: string[] = [];
  for (const line of lines) {
    const name = assignedName(line);
    if (name === undefined || !names.includes(name)) {
      kept.push(line);
      continue;
    }
    const value = values[name];
    if (value === undefined || written.has(name)) continue;
    kept.push(`${name}=${value}`);
    written.add(name);
  }
  for (const name of names) {
    const value = values[name];
    if (value !== undefined && !written.has(name)) kept.push(`${name}=${value}`);
  }
  return kept.join(newline) + newline;
}

export async function writeEnvFile(
  path: string,
  values: Readonly<Record<string, string | undefined>>,
  names: readonly string[] = SIMULATOR_ENV_NAMES,
): Promise<void> {
  let text = "";
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  await writeFile(path, updatedEnvText(text, values, names));
}
