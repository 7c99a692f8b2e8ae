/**
 * Keeps secrets out of the log: values under secret-like names, the passwords of URLs, and the
 * secret values of the configuration wherever they turn up (an error message, a stack).
 */

export const REDACTED = "[redacted]";

/** The last word of a name that holds a secret: apiKey, signingKey, accessToken, x-api-key. */
const SECRET_WORDS = new Set([
  "apikey",
  "authorization",
  "cookie",
  "credentials",
  "key",
  "passwd",
  "password",
  "secret",
  "token",
]);

/** The password of a URL such as postgres://user:password@host, without the rest. */
const URL_PASSWORD = /(\b[a-z][a-z\d+.-]*:\/\/[^\s/?#@:]*:)[^\s/?#@]+@/gi;

/**
 * The names judged so far: the log asks about every field of every line, and splitting a name
 * into words was a tenth of the cost of a line. Bounded, as names may come from any object.
 */
const judgedNames = new Map<string, boolean>();
const JUDGED_NAMES_KEPT = 1_000;

/** Whether a field or variable of this name holds a secret (keyPrefix and keyFile do not). */
export function isSecretName(name: string): boolean {
  let secret = judgedNames.get(name);
  if (secret === undefined) {
    const words = name.split(/[^a-zA-Z\d]+|(?<=[a-z\d])(?=[A-Z])/).filter(Boolean);
    secret = SECRET_WORDS.has(words.at(-1)?.toLowerCase() ?? "");
    if (judgedNames.size < JUDGED_NAMES_KEPT) judgedNames.set(name, secret);
  }
  return secret;
}

/** The secret values in a configuration: strings under secret names, passwords of URLs. */
export function secretsIn(value: unknown, name = ""): string[] {
  if (typeof value === "string") {
    if (isSecretName(name)) return value ? [value] : [];
    return URL.canParse(value) ? urlPasswords(new URL(value)) : [];
  }
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([key, entry]) => secretsIn(entry, key));
}

/** A URL's password as written (percent-encoded) and decoded, as either may be printed. */
function urlPasswords({ password }: URL): string[] {
  if (!password) return [];
  try {
    return [password, decodeURIComponent(password)];
  } catch {
    return [password];
  }
}

/** Replaces secrets in text: the known values, and the password of any URL. */
export function redactText(text: string, secrets: readonly string[]): string {
  // Most text holds neither: includes() is far cheaper than a replace that finds nothing.
  let redacted = text;
  for (const secret of secrets) {
    if (redacted.includes(secret)) redacted = redacted.replaceAll(secret, REDACTED);
  }
  return redacted.includes("://") ? redacted.replace(URL_PASSWORD, `$1${REDACTED}@`) : redacted;
}
