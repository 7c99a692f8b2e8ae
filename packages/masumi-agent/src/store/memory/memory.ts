import type { Job, JobPatch } from "../../jobs/types.ts";
import { isPending, mayClaim } from "../pending.ts";
import { deepFreeze } from "../shared-jobs.ts";
import { copyData } from "./copy.ts";
import type { JobStore, Lease } from "../store.ts";

interface Entry {
  /** Frozen, and replaced at every change: every read hands it out as it is. */
  job: Readonly<Job>;
  lease: Lease | null;
}

/**
 * Jobs in a Map: for development, tests and demos. One process only, and every job is lost when
 * the process stops. What comes in is copied, so a caller's object never aliases a stored one;
 * what goes out is the stored job itself, deeply frozen, so no caller can change it (four copies
 * out per job were a fifth of the CPU time of POST /start_job). No method awaits between its
 * check and its write, so in one process each is atomic.
 */
export class MemoryJobStore implements JobStore {
  readonly durable = false;
  readonly #entries = new Map<string, Entry>();

  async create(job: Job, lease: Lease): Promise<void> {
    if (this.#entries.has(job.id)) throw new Error(`Job ${job.id} exists already`);
    this.#entries.set(job.id, { job: deepFreeze(copyData(job)), lease: { ...lease } });
  }

  async get(id: string): Promise<Job | undefined> {
    return this.#entries.get(id)?.job;
  }

  async peek(id: string): Promise<Readonly<Job> | undefined> {
    return this.#entries.get(id)?.job;
  }

  async transition(
    id: string,
    expectedStatusId: string,
    patch: JobPatch,
  ): Promise<Job | undefined> {
    const entry = this.#entries.get(id);
    if (!entry || entry.job.statusId !== expectedStatusId) return undefined;
    // The unchanged fields are frozen already and shared with the job before; deepFreeze skips them.
    entry.job = deepFreeze({ ...entry.job, ...copyData(patch), updatedAt: Date.now() });
    return entry.job;
  }

  async claim(id: string, lease: Lease): Promise<boolean> {
    const entry = this.#entries.get(id);
    if (!entry || !mayClaim(entry.lease, lease.owner, Date.now())) return false;
    entry.lease = { ...lease };
    return true;
  }

  async claimExpired(lease: Lease, limit: number): Promise<Job[]> {
    const now = Date.now();
    const claimed: Job[] = [];
    for (const entry of this.#entries.values()) {
      if (claimed.length >= limit) break;
      if (!isPending(entry.job) || (entry.lease && entry.lease.until > now)) continue;
      entry.lease = { ...lease };
      claimed.push(entry.job);
    }
    return claimed;
  }

  async renew(ids: readonly string[], lease: Lease): Promise<void> {
    for (const id of ids) {
      const entry = this.#entries.get(id);
      if (entry?.lease?.owner === lease.owner) entry.lease = { ...lease };
    }
  }

  async release(ids: readonly string[], owner: string): Promise<void> {
    for (const id of ids) {
      const entry = this.#entries.get(id);
      if (entry?.lease?.owner === owner) entry.lease = null;
    }
  }

  async close(): Promise<void> {}
}
