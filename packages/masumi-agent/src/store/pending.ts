import type { Job } from "../jobs/types.ts";
import type { Lease } from "./store.ts";

/**
 * Whether a process has to work on the job without being asked (see JobStore.claimExpired): it
 * waits for its payment, runs, or completed with a payment whose result was not submitted.
 */
export function isPending(job: Job): boolean {
  if (job.status === "awaiting_payment" || job.status === "running") return true;
  return job.status === "completed" && job.payment !== null && job.resultSubmittedAt === null;
}

/** Whether `owner` may take a job whose lease is `held` (see JobStore.claim). */
export function mayClaim(held: Lease | null, owner: string, now: number): boolean {
  return held === null || held.until <= now || held.owner === owner;
}
