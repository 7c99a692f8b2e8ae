import type { Client } from "./client.js";
import type { Facts } from "./facts.js";
import type { ResolvedOptions } from "./options.js";
import type { CheckInfo, CheckResult, Exchange, Failure, Verdict } from "./types.js";

/**
 * When a check runs: `main` with every other check, `burst` alone afterwards (the concurrency
 * checks, so that their bursts are the only ones), `final` at the end, over the whole run.
 */
export type Phase = "main" | "burst" | "final";

/** What a check sees of the run it is part of. */
export interface CheckContext {
  options: ResolvedOptions;
  facts: Facts;
  /** Requests made through this client are the check's own. */
  client: Client;
  /** Every exchange of the run so far. */
  exchanges(): readonly Exchange[];
  /** Results of the checks that already finished (all of them, in the final phase). */
  results: ReadonlyMap<string, CheckResult>;
}

/** A check: its catalogue entry, and the function that runs it. */
export interface Check extends CheckInfo {
  phase?: Phase;
  run(ctx: CheckContext): Promise<Verdict>;
}

function present(exchanges: (Exchange | undefined)[]): Exchange[] {
  return exchanges.filter((exchange): exchange is Exchange => exchange !== undefined);
}

/** The check holds; `evidence` are the exchanges that show it (beside the check's own). */
export function pass(...evidence: (Exchange | undefined)[]): Verdict {
  return { outcome: "pass", evidence: present(evidence) };
}

export function fail(failure: Failure, ...evidence: (Exchange | undefined)[]): Verdict {
  return { outcome: "fail", failure, evidence: present([failure.exchange, ...evidence]) };
}

export function skip(reason: string): Verdict {
  return { outcome: "skip", reason };
}

/** The check cannot run because `by` failed: reported as skipped, naming that check. */
export function blocked(by: string, reason: string): Verdict {
  return { outcome: "skip", reason, blockedBy: by };
}
