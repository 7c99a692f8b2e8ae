import type { Job, JobPatch } from "../jobs/types.ts";

/**
 * Where jobs live. Every method is async so that a networked database fits behind it. An
 * implementation is one file next to this one, chosen in src/store/index.ts.
 */
export interface JobStore {
  /** Adds a new job; rejects when a job with its id exists. */
  create(job: Job): Promise<void>;

  /** A copy of the job, or undefined when there is none with this id. */
  get(id: string): Promise<Job | undefined>;

  /**
   * Applies `patch` only if the job's statusId is still `expectedStatusId`, atomically
   * (compare-and-set), and returns the updated job; undefined when the job is missing or changed
   * in between. This is how a process claims a transition: when patches set a new statusId, of
   * several concurrent callers with the same expected one exactly one wins. A patch without a
   * statusId only guards against changes, e.g. when it records that the result was submitted.
   */
  transition(id: string, expectedStatusId: string, patch: JobPatch): Promise<Job | undefined>;

  /**
   * The jobs a freshly started process has to pick up: awaiting payment, running, or completed
   * with a payment whose result hash was not submitted yet.
   */
  listPending(): Promise<Job[]>;

  close(): Promise<void>;
}
