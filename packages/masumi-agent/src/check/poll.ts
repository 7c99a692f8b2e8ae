import type { Client, StatusRead } from "./client.js";

/** The five job statuses of MIP-003. */
export const JOB_STATUSES: ReadonlySet<string> = new Set([
  "awaiting_payment",
  "awaiting_input",
  "running",
  "completed",
  "failed",
]);
const TERMINAL_STATUSES: ReadonlySet<string> = new Set(["completed", "failed"]);

/** The status reads of one job, from its start until a stop condition or giving up. */
export interface Timeline {
  jobId: string;
  reads: StatusRead[];
  /** The read that met the stop condition; undefined when polling gave up. */
  final: StatusRead | undefined;
  /** Why polling ended without meeting the condition. */
  gaveUp?: string;
}

export interface PollOptions {
  /** Epoch milliseconds after which polling gives up (`--job-timeout`). */
  deadline: number;
  /** Asked before every read: true ends polling early (another job already served the purpose). */
  cancelled?: () => boolean;
}

/** Answers in a row that are not a readable status, after which a job counts as unreadable. */
const MAX_BAD_READS = 8;

/**
 * Reads a job's status until `stop` holds. Intervals start short (a job may settle within
 * milliseconds) and grow to a quarter second, so a run is fast without flooding the server.
 * An unreadable answer is not fatal at once: it is recorded, and polling goes on.
 */
export async function pollUntil(
  client: Client,
  jobId: string,
  stop: (read: StatusRead) => boolean,
  options: PollOptions,
): Promise<Timeline> {
  const reads: StatusRead[] = [];
  let badReads = 0;
  for (let attempt = 0; ; attempt++) {
    if (options.cancelled?.()) return { jobId, reads, final: undefined, gaveUp: "no longer needed" };
    const read = await client.status(jobId);
    reads.push(read);
    if (read.status !== undefined && stop(read)) return { jobId, reads, final: read };
    badReads = read.status === undefined ? badReads + 1 : 0;
    if (badReads >= MAX_BAD_READS) {
      return { jobId, reads, final: undefined, gaveUp: `${MAX_BAD_READS} status reads in a row had no status` };
    }
    const delay = Math.min(40 * 1.5 ** attempt, 250);
    if (Date.now() + delay > options.deadline) {
      return {
        jobId,
        reads,
        final: undefined,
        gaveUp: `the job did not get there within the job timeout (last status: ${read.status ?? "none"})`,
      };
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

export function isSettled(read: StatusRead): boolean {
  return read.status !== undefined && TERMINAL_STATUSES.has(read.status);
}
