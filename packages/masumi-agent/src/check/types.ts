/** The vocabulary of the checker: checks, what they conclude, and the report of a run. */

export const PROFILES = ["mip-003", "seed"] as const;
/** `mip-003`: the current Agentic Service API; `seed`: its first, three-endpoint version. */
export type Profile = (typeof PROFILES)[number];

/** MUST checks decide the exit code; SHOULD checks only warn, unless the run is strict. */
export type Level = "MUST" | "SHOULD";

export type Outcome = "pass" | "fail" | "warn" | "skip";

export interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface RecordedResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The body parsed as JSON; undefined when it is not JSON. */
  json: unknown;
}

/** One request of the run and what came back: the unit every report shows and reproduces. */
export interface Exchange {
  /** Unique within a run, in the order requests were sent. */
  seq: number;
  /** The endpoint path relative to the base URL, such as `/status`. */
  endpoint: string;
  request: RecordedRequest;
  response?: RecordedResponse;
  /** Why no response came (timeout, connection refused); set exactly when `response` is not. */
  error?: string;
  durationMs: number;
}

/** What a failed check tells the author: the requirement is the check itself. */
export interface Failure {
  message: string;
  expected: string;
  actual: string;
  /** The exchange that shows the failure; the report turns it into a `curl` command. */
  exchange?: Exchange;
}

export type Verdict =
  | { outcome: "pass"; evidence: Exchange[] }
  | { outcome: "fail"; failure: Failure; evidence: Exchange[] }
  | { outcome: "skip"; reason: string; blockedBy?: string };

/** A check's static description: what `--list` prints and every report repeats. */
export interface CheckInfo {
  /** Stable and addressable: a group prefix (AV, IS, SJ, ST, PI, DM, CC, GL, MK) and a name. */
  id: string;
  level: Level;
  profiles: readonly Profile[];
  /** The part of the spec (or the real client's behaviour) that the check enforces. */
  ref: string;
  /** One line: what must hold. */
  title: string;
  /** How to fix the server when the check fails. */
  hint: string;
  /** For marketplace checks: what Sokosumi or the registry does with a server that fails. */
  consequence?: string;
}

export interface CheckResult extends CheckInfo {
  outcome: Outcome;
  /** The failure of a failed or warned check. */
  failure?: Failure;
  /** Why a check was skipped. */
  reason?: string;
  /** The check whose failure made this one impossible to run. */
  blockedBy?: string;
  /** Every exchange the check made or relied on, in order. */
  exchanges: Exchange[];
  durationMs: number;
}

export interface Summary {
  passed: number;
  failed: number;
  warnings: number;
  skipped: number;
}

/** What `blockedBy` names when the server stopped answering during the run. */
export const SERVER_STOPPED = "server-stopped";

/** The request at which the server stopped answering (refused or reset, and no answer since). */
export interface ServerStopped {
  seq: number;
  /** `GET /status` */
  request: string;
  error: string;
}

export interface ConformanceReport {
  baseUrl: string;
  profile: Profile;
  strict: boolean;
  startedAt: string;
  durationMs: number;
  results: CheckResult[];
  summary: Summary;
  /** Set when the server stopped answering during the run: the checks it cut short are blocked by it. */
  serverStopped?: ServerStopped;
  /** Advice about the run as a whole, such as another profile that fits the server. */
  suggestions: string[];
  /** 0 when every scored check passed, 1 when a MUST (or, strict, a SHOULD) check failed or the server stopped. */
  exitCode: 0 | 1;
}
