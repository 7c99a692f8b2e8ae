/**
 * What the registry and the marketplace see of a running agent at its public URL: `/availability`
 * as the registry's health check reads it, `/input_schema` under the marketplace's schema rules.
 */
import { ALL_FINDERS } from "../check/input-schema/problems.ts";
import { REGISTRY_CHECK_TIMEOUT_MS } from "./limits.ts";

interface Answer {
  status: number;
  location: string | null;
  json: unknown;
}

/** GET without following redirects (the registry counts one as offline); a failure is a line. */
async function get(url: string, timeoutMs: number): Promise<Answer | string> {
  try {
    const response = await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(timeoutMs) });
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, location: response.headers.get("location"), json };
  } catch (error) {
    if (error instanceof Error && error.name === "TimeoutError") {
      return `GET ${url} did not answer within ${timeoutMs / 1000} s, the registry's limit: make it answer sooner`;
    }
    const reason = error instanceof Error ? String(error.cause ?? error.message) : String(error);
    return `GET ${url} could not be reached (${reason}): start the agent there, or correct the URL`;
  }
}

function endpoint(apiBaseUrl: string, path: string): string {
  return `${apiBaseUrl.replace(/\/+$/, "")}${path}`;
}

/**
 * The registry's verdict on `/availability`, as lines with the fix (none: online). `expected` is the
 * identifier the agent should name, when it names one (the registry skips the type check then).
 */
export async function availabilityProblems(
  apiBaseUrl: string,
  expected: string | undefined,
  timeoutMs = REGISTRY_CHECK_TIMEOUT_MS,
): Promise<string[]> {
  const url = endpoint(apiBaseUrl, "/availability");
  const answer = await get(url, timeoutMs);
  if (typeof answer === "string") return [answer];
  if (answer.status >= 300 && answer.status < 400) {
    return [
      `GET ${url} answered a redirect (${answer.status} to ${answer.location}), which the registry counts as offline: use the final URL as apiBaseUrl`,
    ];
  }
  if (answer.status < 200 || answer.status >= 300) {
    return [`GET ${url} answered ${answer.status}; the registry needs a 2xx answer`];
  }
  const body = (typeof answer.json === "object" && answer.json !== null ? answer.json : {}) as Record<string, unknown>;
  const named = body.agentIdentifier;
  if (typeof named === "string" && named !== "") {
    return named === expected
      ? []
      : [
          `GET ${url} names agentIdentifier ${named}, but AGENT_IDENTIFIER here is ${expected ?? "unset"}: the agent runs with another configuration (restart it with this project's .env)`,
        ];
  }
  return body.type === "masumi-agent"
    ? []
    : [`GET ${url} answers type ${JSON.stringify(body.type)}; the registry lists only type "masumi-agent"`];
}

/** The marketplace's objections to `/input_schema` (the checker's schema rules), one line each. */
export async function inputSchemaProblems(
  apiBaseUrl: string,
  timeoutMs = REGISTRY_CHECK_TIMEOUT_MS,
): Promise<string[]> {
  const url = endpoint(apiBaseUrl, "/input_schema");
  const answer = await get(url, timeoutMs);
  if (typeof answer === "string") return [answer];
  if (answer.status < 200 || answer.status >= 300)
    return [`GET ${url} answered ${answer.status}; it must answer 200 with the schema`];
  return ALL_FINDERS.flatMap((find) => find(answer.json)).map(
    (problem) => `GET ${url}: ${problem} (the marketplace rejects the whole schema): fix the agent's input schema`,
  );
}
