import type { Job, JobPatch } from "../jobs/types.ts";
import { isPending } from "./pending.ts";

/** A job as read for a compare-and-set: the job, and the version the write must find. */
export interface VersionedJob {
  job: Job;
  version: number;
}

/** Writes `job` (its JSON `text`) only if the stored job is still at `version`: true if it did. */
export type WriteIfAt = (job: Job, text: string, version: number) => Promise<boolean>;

/**
 * The jobs this process wrote last, as the JSON text it wrote and the version that write left,
 * for the stores whose transitions compare-and-set on a version (PostgreSQL, Redis). A transition
 * of such a job starts from it instead of reading the job back: one round trip instead of two for
 * each of a job's steps. Nothing is trusted: when another process wrote in between, the version
 * no longer matches, the store refuses the write and the transition reads the job as before.
 *
 * A job is forgotten once it is taken (a transition remembers what it wrote), once a write leaves
 * it no longer pending (what follows, if anything, is rare), and beyond the `limit` newest.
 */
export class WrittenJobs {
  readonly #jobs = new Map<string, { text: string; version: number }>();

  constructor(readonly limit = 10_000) {}

  /**
   * A store's transition (see JobStore.transition), optimistic: from the job as this process
   * wrote it last, else as `read` finds it; when `write` finds another version, read again.
   */
  async transition(
    id: string,
    expectedStatusId: string,
    patch: JobPatch,
    read: () => Promise<VersionedJob | undefined>,
    write: WriteIfAt,
  ): Promise<Job | undefined> {
    for (;;) {
      const known = this.take(id, expectedStatusId) ?? (await read());
      if (!known || known.job.statusId !== expectedStatusId) return undefined;
      const updated: Job = { ...known.job, ...patch, updatedAt: Date.now() };
      const text = JSON.stringify(updated);
      if (await write(updated, text, known.version)) {
        this.remember(updated, text, known.version + 1);
        return updated;
      }
    }
  }

  /** Remembers `job`, as `text` (its JSON), at `version`. */
  remember(job: Job, text: string, version: number): void {
    this.#jobs.delete(job.id);
    if (!isPending(job)) return;
    // A Map keeps insertion order: the first key is the job written longest ago.
    if (this.#jobs.size >= this.limit) this.#jobs.delete(this.#jobs.keys().next().value!);
    this.#jobs.set(job.id, { text, version });
  }

  /**
   * The job as this process last wrote it, if it is at `statusId` there, and forgets it: a
   * transition that finds nothing (or another status) reads the job from the store instead.
   */
  take(id: string, statusId: string): VersionedJob | undefined {
    const written = this.#jobs.get(id);
    if (!written) return undefined;
    this.#jobs.delete(id);
    const job = JSON.parse(written.text) as Job;
    return job.statusId === statusId ? { job, version: written.version } : undefined;
  }
}
