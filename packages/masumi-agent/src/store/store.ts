import type { Job, JobPatch } from "../jobs/types.ts";

/**
 * Which process works on a job, and until when. A process renews the leases of its jobs while it
 * works on them; when it dies, its leases run out and another process takes the jobs over. So
 * every job is worked on by one process at a time, also when several share the store.
 */
export interface Lease {
  /** The process, a random id per start. */
  owner: string;
  /** Unix milliseconds; after this time another process may take the job. */
  until: number;
}

/**
 * Where jobs live. Every method is async so that a networked database fits behind it. An
 * implementation is one file next to this one, chosen in src/store/index.ts.
 *
 * A store copies what comes in: a caller may change its job or patch afterwards without changing
 * the stored job. What it returns may be a copy or the stored job itself, deeply frozen and shared
 * with every other caller (memory does so, to spare a copy per read): callers must not change a
 * returned job, and copy what they hand to code that might (the agent's run gets copies).
 */
export interface JobStore {
  /** Whether the jobs outlive the process: false for memory, whose jobs a stop loses. */
  readonly durable: boolean;

  /** Adds a new job, leased to the process that creates it; rejects when its id exists. */
  create(job: Job, lease: Lease): Promise<void>;

  /** The job (frozen and shared, or a copy), or undefined when there is none with this id. */
  get(id: string): Promise<Job | undefined>;

  /**
   * The job as stored now, for a caller that only reads it (the /status answer): frozen or not,
   * it must not be changed. Now means as of this turn of the event loop: this process's own
   * writes show at once, another process's may show from the next turn on (SQLite). While the
   * job is unchanged a store may answer the same object again (memory, and the stores of JSON
   * text through PeekedJobs), so a reader may cache what it derives from one by identity; after
   * any change, by any process, it is a new object.
   */
  peek(id: string): Promise<Readonly<Job> | undefined>;

  /**
   * Applies `patch` only if the job's statusId is still `expectedStatusId`, atomically
   * (compare-and-set), and returns the updated job; undefined when the job is missing or changed
   * in between. This is how a process claims a transition: when patches set a new statusId, of
   * several concurrent callers with the same expected one exactly one wins. A patch without a
   * statusId only guards against changes, e.g. when it records that the result was submitted.
   */
  transition(id: string, expectedStatusId: string, patch: JobPatch): Promise<Job | undefined>;

  /**
   * Takes the lease of one job if nobody holds it (it is unleased, ran out, or is already
   * `lease.owner`'s), atomically; true when the job is now leased to `lease.owner`.
   */
  claim(id: string, lease: Lease): Promise<boolean>;

  /**
   * Takes up to `limit` pending jobs (see isPending) whose lease ran out, atomically, and returns
   * them: the work of processes that stopped. Two processes calling it at once get different jobs.
   */
  claimExpired(lease: Lease, limit: number): Promise<Job[]>;

  /** Extends the leases `lease.owner` still holds on these jobs to `lease.until`. */
  renew(ids: readonly string[], lease: Lease): Promise<void>;

  /** Ends the leases `owner` holds on these jobs, so that another process may take them now. */
  release(ids: readonly string[], owner: string): Promise<void>;

  close(): Promise<void>;
}

/** A store that cannot be reached; requests that need it answer 503 until it is back. */
export class StoreUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`The job store is unavailable: ${cause instanceof Error ? cause.message : cause}`, {
      cause,
    });
    this.name = "StoreUnavailableError";
  }
}
