import type { Profile } from "./types.js";

/** What a run of the checker is told; everything but the URL has a default. */
export interface ConformanceOptions {
  /** The agent's base URL, which may carry a path prefix: `http://host/agents/x`. */
  baseUrl: string;
  profile?: Profile;
  /** Check ids or prefixes to run (case-insensitive); all when empty. */
  only?: string[];
  /** Check ids or prefixes to leave out. */
  exclude?: string[];
  /** SHOULD failures fail the run too. */
  strict?: boolean;
  /** Per request. */
  timeoutMs?: number;
  /** For one job to reach the status a check waits for. */
  jobTimeoutMs?: number;
  /** How many starts and status reads the concurrency checks send at once. */
  concurrency?: number;
  /** Sent with every request, such as an API key. */
  headers?: Record<string, string>;
  /** A valid `input_data` to use instead of one derived from the schema (a string for `seed`). */
  input?: unknown;
}

export type ResolvedOptions = Required<Omit<ConformanceOptions, "input">> & { input: unknown };

export const DEFAULTS = {
  profile: "mip-003",
  timeoutMs: 10_000,
  jobTimeoutMs: 30_000,
  concurrency: 10,
} as const satisfies Partial<ConformanceOptions>;

export function resolveOptions(options: ConformanceOptions): ResolvedOptions {
  return {
    baseUrl: options.baseUrl,
    profile: options.profile ?? DEFAULTS.profile,
    only: options.only ?? [],
    exclude: options.exclude ?? [],
    strict: options.strict ?? false,
    timeoutMs: options.timeoutMs ?? DEFAULTS.timeoutMs,
    jobTimeoutMs: options.jobTimeoutMs ?? DEFAULTS.jobTimeoutMs,
    concurrency: options.concurrency ?? DEFAULTS.concurrency,
    headers: options.headers ?? {},
    input: options.input,
  };
}
