import { sha256Hex } from "./hash.ts";
import type { Job } from "./types.ts";

/**
 * The `id` that /status answers, and that older clients quote as `status_id`: it changes exactly
 * when the job's status does. Job.statusId cannot serve: as the store's compare-and-set token it
 * also changes when a process takes over a running job after a restart, and Sokosumi takes any
 * change of the answer for news. The job id, the status and the number of answers given change
 * together at every change of status (an awaited answer is what ends awaiting_input), and only then.
 */
export function shownStatusId(job: Pick<Job, "id" | "status" | "inputs">): string {
  return sha256Hex(`${job.id};${job.status};${job.inputs.length}`).slice(0, 32);
}
