import { describe, expect, it } from "vitest";
import { PeekedJobs } from "../../src/store/shared-jobs.ts";
import { newJob } from "../helpers/agents.ts";

describe("PeekedJobs", () => {
  it("answers the same frozen job while its text is unchanged, a new one once it changed", () => {
    const peeked = new PeekedJobs();
    const job = newJob();
    const first = peeked.parse(job.id, JSON.stringify(job));
    expect(first).toEqual(job);
    expect(Object.isFrozen(first) && Object.isFrozen(first.input)).toBe(true);
    expect(peeked.parse(job.id, JSON.stringify(job))).toBe(first);
    const changed = peeked.parse(job.id, JSON.stringify({ ...job, message: "noted" }));
    expect(changed).not.toBe(first);
    expect(changed.message).toBe("noted");
  });

  it("keeps only the last `limit` jobs parsed", () => {
    const peeked = new PeekedJobs(2);
    const [a, b, c] = [newJob(), newJob(), newJob()];
    const parse = (job: typeof a) => peeked.parse(job.id, JSON.stringify(job));
    const firstA = parse(a);
    parse(b);
    const firstC = parse(c); // a is dropped
    expect(parse(c)).toBe(firstC);
    expect(parse(a)).not.toBe(firstA);
  });

  it("answers a stamped job unread while the stamp is the same and the store did not forget it", () => {
    const peeked = new PeekedJobs();
    const job = newJob();
    const first = peeked.parse(job.id, JSON.stringify(job), 7);
    expect(peeked.unchanged(job.id, 7)).toBe(first);
    expect(peeked.unchanged(job.id, 8)).toBeUndefined();
    expect(peeked.unchanged("other", 7)).toBeUndefined();
    peeked.forget(job.id);
    expect(peeked.unchanged(job.id, 7)).toBeUndefined();
    // Parsed again from the same text: the same object, stamped anew.
    expect(peeked.parse(job.id, JSON.stringify(job), 8)).toBe(first);
    expect(peeked.unchanged(job.id, 8)).toBe(first);
  });
});
