import type { Job } from "../jobs/types.ts";

/** Freezes `value` and everything in it, so that an object shared by readers stays as stored. */
export function deepFreeze<T>(value: T): Readonly<T> {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * The jobs last peeked at, each with the stored text it was parsed from, for the stores that keep
 * a job as JSON text. A peek reads the text from the store, so a change made by any process is
 * seen; only while the text is unchanged is it answered with the same frozen object, which spares
 * parsing it and lets readers cache what they derive from it by identity (the /status answer, see
 * src/api.ts). A store that can tell cheaply that nothing changed (SQLite's data_version) also
 * gives each parse a stamp and asks `unchanged` first, which spares the read.
 * Holds the last `limit` jobs parsed, text and object: polls concentrate on the jobs in progress,
 * and a job's result may be tens of kilobytes.
 */
export class PeekedJobs {
  readonly #jobs = new Map<string, { text: string; job: Readonly<Job>; stamp?: number }>();

  constructor(readonly limit = 256) {}

  /** The job parsed from `text`: the one parsed before while the text is the same. */
  parse(id: string, text: string, stamp?: number): Readonly<Job> {
    const known = this.#jobs.get(id);
    if (known?.text === text) {
      if (stamp !== undefined) known.stamp = stamp;
      return known.job;
    }
    const job = deepFreeze(JSON.parse(text) as Job);
    this.#jobs.delete(id);
    // A Map keeps insertion order: the first key is the job parsed longest ago.
    if (this.#jobs.size >= this.limit) this.#jobs.delete(this.#jobs.keys().next().value!);
    this.#jobs.set(id, stamp === undefined ? { text, job } : { text, job, stamp });
    return job;
  }

  /** The job last parsed with this `stamp`, if it was not forgotten since. */
  unchanged(id: string, stamp: number): Readonly<Job> | undefined {
    const known = this.#jobs.get(id);
    return known?.stamp === stamp ? known.job : undefined;
  }

  /** Drops the job's stamp: the store changed it in a way its stamps do not show. */
  forget(id: string): void {
    const known = this.#jobs.get(id);
    if (known) delete known.stamp;
  }
}
