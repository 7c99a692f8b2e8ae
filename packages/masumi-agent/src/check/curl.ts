import type { RecordedRequest } from "./types.js";

/** Runs of one character at least this long are generated in the shell instead of spelled out. */
const MIN_RUN = 256;
/** Longer arguments exceed what Linux passes to a program; such bodies go through stdin. */
const MAX_ARGUMENT = 100_000;

function singleQuoted(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/**
 * One shell word that expands to `text`. Long runs of a letter or digit (a 10,000-character id,
 * a 1 MB body) are written as a `printf` so that the command stays short enough to read.
 */
export function shellWord(text: string): string {
  const parts: string[] = [];
  const runs = new RegExp(`([A-Za-z0-9])\\1{${MIN_RUN - 1},}`, "g");
  let last = 0;
  for (const match of text.matchAll(runs)) {
    if (match.index > last) parts.push(singleQuoted(text.slice(last, match.index)));
    parts.push(`"$(printf '%*s' ${match[0].length} '' | tr ' ' '${match[1]}')"`);
    last = match.index + match[0].length;
  }
  if (last < text.length || parts.length === 0) parts.push(singleQuoted(text.slice(last)));
  return parts.join("");
}

/** A `curl` command that sends the same request again, for the author to reproduce a failure. */
export function curlCommand(request: RecordedRequest): string {
  const args = ["curl", "-sS", "-i"];
  if (request.method !== "GET") args.push("-X", request.method);
  args.push(shellWord(request.url));
  for (const [name, value] of Object.entries(request.headers)) args.push("-H", shellWord(`${name}: ${value}`));
  if (request.body === undefined) return args.join(" ");
  // curl reads a file for a value that starts with @; printf is a shell builtin, so no
  // argument limit applies to it either.
  if (request.body.length > MAX_ARGUMENT || request.body.startsWith("@")) {
    return `printf '%s' ${shellWord(request.body)} | ${args.join(" ")} --data-binary @-`;
  }
  return `${args.join(" ")} --data-binary ${shellWord(request.body)}`;
}
