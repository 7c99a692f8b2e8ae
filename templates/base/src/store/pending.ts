import type { Job } from "../jobs/types.ts";

/**
 * Whether a freshly started process has to pick the job up (see JobStore.listPending): it waits
 * for its payment, was running, or completed with a payment whose result was not submitted.
 */
export function isPending(job: Job): boolean {
  if (job.status === "awaiting_payment" || job.status === "running") return true;
  return job.status === "completed" && job.payment !== null && job.resultSubmittedAt === null;
}
