import { JOB_STATUSES } from "./poll.js";

/**
 * Where a job may go from each status, as seen by a poller: a poller can miss statuses in
 * between, so every status reachable later counts (awaiting_payment -> completed is fine), and
 * nothing leads back to awaiting_payment or out of a settled job.
 */
const LATER: Record<string, readonly string[]> = {
  awaiting_payment: ["awaiting_payment", "running", "awaiting_input", "completed", "failed"],
  running: ["running", "awaiting_input", "completed", "failed"],
  awaiting_input: ["awaiting_input", "running", "completed", "failed"],
  completed: ["completed"],
  failed: ["failed"],
};

/**
 * The first illegal step in a sequence of statuses, with the index of the status it led to.
 * Statuses outside the five are passed over (another check reports them).
 */
export function illegalStep(
  statuses: readonly (string | undefined)[],
): { from: string; to: string; index: number } | undefined {
  let from: string | undefined;
  for (const [index, to] of statuses.entries()) {
    if (to === undefined || !JOB_STATUSES.has(to)) continue;
    if (from !== undefined && !LATER[from]?.includes(to)) return { from, to, index };
    from = to;
  }
  return undefined;
}
