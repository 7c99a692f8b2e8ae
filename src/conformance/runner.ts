import type { Check, CheckContext, Phase } from "./check.js";
import { Client } from "./client.js";
import { Blocked, Facts, NotTestable } from "./facts.js";
import { Recorder, type Transport } from "./http.js";
import type { ResolvedOptions } from "./options.js";
import type { CheckResult, Exchange, Verdict } from "./types.js";

const PHASES: readonly Phase[] = ["main", "burst", "final"];

async function verdictOf(check: Check, ctx: CheckContext): Promise<Verdict> {
  try {
    return await check.run(ctx);
  } catch (error) {
    if (error instanceof Blocked) return { outcome: "skip", reason: error.message, blockedBy: error.by };
    if (error instanceof NotTestable) return { outcome: "skip", reason: error.message };
    // A bug of the checker, not of the server: say so rather than blame the server.
    return {
      outcome: "fail",
      failure: {
        message: `the check could not run: ${error instanceof Error ? error.message : String(error)}`,
        expected: "the check to run",
        actual: "an error in the checker",
      },
      evidence: [],
    };
  }
}

/** The check's own exchanges and those it cites, once each, in the order they were sent. */
function exchangesOf(own: readonly Exchange[], verdict: Verdict): Exchange[] {
  const cited = verdict.outcome === "skip" ? [] : verdict.evidence;
  const bySeq = new Map([...own, ...cited].map((exchange) => [exchange.seq, exchange]));
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

async function runCheck(
  check: Check,
  transport: Transport,
  facts: Facts,
  results: Map<string, CheckResult>,
  options: ResolvedOptions,
): Promise<CheckResult> {
  const recorder = new Recorder(transport);
  const started = performance.now();
  const verdict = await verdictOf(check, {
    options,
    facts,
    client: new Client(recorder),
    exchanges: () => transport.log,
    results,
  });
  const { run: _run, phase: _phase, ...info } = check;
  const result: CheckResult = {
    ...info,
    outcome: verdict.outcome,
    exchanges: exchangesOf(recorder.exchanges, verdict),
    durationMs: Math.round(performance.now() - started),
  };
  if (verdict.outcome === "skip") {
    result.reason = verdict.reason;
    if (verdict.blockedBy) result.blockedBy = verdict.blockedBy;
  }
  if (verdict.outcome === "fail") {
    result.failure = verdict.failure;
    // A SHOULD only warns, unless the run is strict.
    if (check.level === "SHOULD" && !options.strict) result.outcome = "warn";
  }
  return result;
}

/**
 * Runs the checks phase by phase; within a phase all at once (the transport keeps the number of
 * requests in flight small). Results come back in the order of `checks`.
 */
export async function runChecks(
  checks: readonly Check[],
  transport: Transport,
  options: ResolvedOptions,
): Promise<CheckResult[]> {
  const facts = new Facts(transport, options);
  const results = new Map<string, CheckResult>();
  for (const phase of PHASES) {
    const due = checks.filter((check) => (check.phase ?? "main") === phase);
    await Promise.all(
      due.map(async (check) => results.set(check.id, await runCheck(check, transport, facts, results, options))),
    );
  }
  return checks.map((check) => results.get(check.id)!);
}
