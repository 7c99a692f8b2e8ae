import type { Job, JobPatch } from "../jobs/types.ts";
import { isPending } from "./pending.ts";
import type { JobStore } from "./store.ts";

/**
 * Jobs in a Map: for development, tests and demos. One process only, and every job is lost when
 * the process stops. Copies go in and out, so callers never share state with the store.
 */
export class MemoryJobStore implements JobStore {
  readonly #jobs = new Map<string, Job>();

  async create(job: Job): Promise<void> {
    if (this.#jobs.has(job.id)) throw new Error(`Job ${job.id} exists already`);
    this.#jobs.set(job.id, structuredClone(job));
  }

  async get(id: string): Promise<Job | undefined> {
    const job = this.#jobs.get(id);
    return job && structuredClone(job);
  }

  async transition(
    id: string,
    expectedStatusId: string,
    patch: JobPatch,
  ): Promise<Job | undefined> {
    // No await between the check and the write: in one process this is atomic.
    const job = this.#jobs.get(id);
    if (!job || job.statusId !== expectedStatusId) return undefined;
    const updated: Job = { ...job, ...structuredClone(patch), updatedAt: Date.now() };
    this.#jobs.set(id, updated);
    return structuredClone(updated);
  }

  async listPending(): Promise<Job[]> {
    return [...this.#jobs.values()].filter(isPending).map((job) => structuredClone(job));
  }

  async close(): Promise<void> {}
}
