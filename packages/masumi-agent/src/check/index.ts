import { UsageError } from "../usage-error.js";
import { CATALOGUE } from "./catalogue.js";
import { ServerUnreachableError } from "./errors.js";
import { Transport } from "./http.js";
import { resolveOptions, type ConformanceOptions, type ResolvedOptions } from "./options.js";
import { buildReport } from "./report.js";
import { runChecks } from "./runner.js";
import { selectChecks } from "./select.js";
import { PROFILES, type ConformanceReport } from "./types.js";

export { printFailures, printReport } from "./reporters/terminal.js";
export { summarizeReport, summaryLine } from "./report.js";
export { registerCheckCommand } from "./command.js";
export { PROFILES } from "./types.js";
export { UsageError } from "../usage-error.js";
// The checker's --start runs the server under test with it; the create-masumi-agent CLI does too.
export {
  startServerProcess,
  type ProcessExit,
  type ServerProcess,
  type ServerProcessOptions,
} from "../process/server-process.js";
export { jsonReport } from "./reporters/json.js";
export { junitReport } from "./reporters/junit.js";
export { ServerUnreachableError } from "./errors.js";
export { CATALOGUE } from "./catalogue.js";
export type { ConformanceOptions } from "./options.js";
export type { CheckResult, ConformanceReport, Profile, ServerStopped } from "./types.js";

/** Requests in flight at once, except the concurrency checks' bursts: polite, and fast enough. */
const MAX_IN_FLIGHT = 6;

/** `localhost:4000`, `agent.example.com/x`: a host without a scheme, which URL would misread. */
const SCHEMELESS = /^(?![a-z][a-z0-9+.-]*:\/\/)[\w.-]+(:\d+)?(\/\S*)?$/i;

function validate(options: ResolvedOptions): void {
  if (SCHEMELESS.test(options.baseUrl))
    throw new UsageError(`"${options.baseUrl}" has no scheme: did you mean http://${options.baseUrl} ?`);
  let url: URL;
  try {
    url = new URL(options.baseUrl);
  } catch {
    throw new UsageError(`"${options.baseUrl}" is not a URL (expected something like http://localhost:3000)`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new UsageError(`${options.baseUrl}: only http and https URLs can be checked`);
  if (url.search || url.hash) throw new UsageError(`${options.baseUrl}: the base URL cannot carry a query or fragment`);
  if (!PROFILES.includes(options.profile))
    throw new UsageError(`unknown profile "${options.profile}" (${PROFILES.join(", ")})`);
  for (const [name, value] of Object.entries({
    timeoutMs: options.timeoutMs,
    jobTimeoutMs: options.jobTimeoutMs,
    concurrency: options.concurrency,
  })) {
    if (!Number.isInteger(value) || value < 1)
      throw new UsageError(`${name} must be a whole number of at least 1, not ${value}`);
  }
  const input = options.input;
  if (
    options.profile === "mip-003" &&
    input !== undefined &&
    (typeof input !== "object" || input === null || Array.isArray(input))
  ) {
    throw new UsageError("the input must be a JSON object keyed by field id (input_data)");
  }
}

/** One request before the run: a server that does not answer at all is not worth 60 failures. */
async function assertReachable(options: ResolvedOptions): Promise<void> {
  const transport = new Transport({
    baseUrl: options.baseUrl,
    headers: options.headers,
    timeoutMs: options.timeoutMs,
    maxInFlight: 1,
  });
  try {
    const exchange = await transport.send({ method: "GET", path: "/availability" });
    if (!exchange.response) throw new ServerUnreachableError(`cannot reach ${options.baseUrl}: ${exchange.error}`);
  } finally {
    transport.close();
  }
}

function prepare(options: ConformanceOptions) {
  const resolved = resolveOptions(options);
  validate(resolved);
  return { resolved, checks: selectChecks(CATALOGUE, resolved.profile, resolved.only, resolved.exclude) };
}

/** Throws the UsageError that runConformance would throw for these options, without sending anything. */
export function assertUsable(options: ConformanceOptions): void {
  prepare(options);
}

/**
 * Checks the server at `options.baseUrl` and returns the report; never prints. Throws a
 * UsageError for bad options and a ServerUnreachableError when the server does not answer at all.
 */
export async function runConformance(options: ConformanceOptions): Promise<ConformanceReport> {
  const { resolved, checks } = prepare(options);
  await assertReachable(resolved);
  const startedAt = new Date();
  const started = performance.now();
  const transport = new Transport({
    baseUrl: resolved.baseUrl,
    headers: resolved.headers,
    timeoutMs: resolved.timeoutMs,
    maxInFlight: MAX_IN_FLIGHT,
  });
  try {
    const outcome = await runChecks(checks, transport, resolved);
    return buildReport({ ...resolved, ...outcome, startedAt, durationMs: Math.round(performance.now() - started) });
  } finally {
    transport.close();
  }
}
