import { ReplyError } from "ioredis";

/**
 * What to tell whoever starts the agent when Redis refuses it: one line that names REDIS_URL and
 * the fix, instead of ioredis's message alone. Undefined for other failures.
 */
export function startProblem(error: unknown, url: string): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const { hostname, port } = new URL(url);
  const address = `${hostname || "localhost"}:${port || "6379"}`;
  const reason = error.message || String((error as { code?: unknown }).code);
  if (!(error instanceof ReplyError)) {
    // Not an answer from Redis: nothing answered, or something that does not speak Redis.
    return (
      `REDIS_URL: no Redis answers at ${address} (${reason}); start one (e.g. \`docker run --rm ` +
      "-d -p 6379:6379 redis:7`) or set REDIS_URL to yours"
    );
  }
  if (/^(NOAUTH|WRONGPASS)\b/.test(reason)) {
    return (
      `REDIS_URL: Redis at ${address} refuses the login (${reason}); put the password that ` +
      "it accepts (and the user, with Redis ACLs) in REDIS_URL"
    );
  }
  return undefined;
}
