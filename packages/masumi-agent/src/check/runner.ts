import type { Check, CheckContext, Phase } from "./check.js";
import { Client } from "./client.js";
import { Blocked, Facts, NotTestable } from "./facts.js";
import { Recorder, type Transport } from "./http.js";
import type { ResolvedOptions } from "./options.js";
import { suggestions } from "./suggestions.js";
import { SERVER_STOPPED, type CheckResult, type Exchange, type ServerStopped, type Verdict } from "./types.js";

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

/** A lost connection is a stopped server only when the server does not answer a request after it either. */
async function serverStopped(transport: Transport): Promise<ServerStopped | undefined> {
  const lost = transport.connectionLost;
  if (!lost || (await transport.answering())) return undefined;
  return { seq: lost.seq, request: `${lost.request.method} ${lost.endpoint}`, error: lost.error ?? "no answer" };
}

/**
 * A result of a run in which the server stopped: what did not pass is blocked by the stop,
 * unless it failed on an answer the server gave before it stopped and saw every request answered.
 */
function cutShort(result: CheckResult, stopped: ServerStopped): CheckResult {
  if (result.outcome === "pass") return result;
  const exchange = result.failure?.exchange;
  const allAnswered = result.exchanges.every((sent) => sent.response !== undefined);
  if (allAnswered && exchange?.response && exchange.seq < stopped.seq) return result;
  const { failure: _failure, ...rest } = result;
  return {
    ...rest,
    outcome: "skip",
    reason: `the server stopped answering at request #${stopped.seq} (${stopped.request})`,
    blockedBy: SERVER_STOPPED,
  };
}

function notRun(check: Check, stopped: ServerStopped): CheckResult {
  const { run: _run, phase: _phase, ...info } = check;
  return cutShort({ ...info, outcome: "skip", exchanges: [], durationMs: 0 }, stopped);
}

export interface RunOutcome {
  /** In the order of the checks. */
  results: CheckResult[];
  serverStopped?: ServerStopped;
  suggestions: string[];
}

/**
 * Runs the checks phase by phase; within a phase all at once (the transport keeps the number of
 * requests in flight small). After a phase in which the server stopped answering, the checks it
 * cut short and those of later phases are blocked by that, rather than failed one by one.
 */
export async function runChecks(
  checks: readonly Check[],
  transport: Transport,
  options: ResolvedOptions,
): Promise<RunOutcome> {
  const facts = new Facts(transport, options);
  const results = new Map<string, CheckResult>();
  let stopped: ServerStopped | undefined;
  for (const phase of PHASES) {
    const due = checks.filter((check) => (check.phase ?? "main") === phase);
    if (stopped) {
      for (const check of due) results.set(check.id, notRun(check, stopped));
      continue;
    }
    await Promise.all(
      due.map(async (check) => results.set(check.id, await runCheck(check, transport, facts, results, options))),
    );
    stopped = await serverStopped(transport);
    if (stopped) for (const check of due) results.set(check.id, cutShort(results.get(check.id)!, stopped));
  }
  const ordered = checks.map((check) => results.get(check.id)!);
  if (stopped) return { results: ordered, serverStopped: stopped, suggestions: [] };
  return { results: ordered, suggestions: await suggestions(facts) };
}
