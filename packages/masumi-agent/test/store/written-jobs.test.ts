import { describe, expect, it } from "vitest";
import { WrittenJobs } from "../../src/store/written-jobs.ts";
import { newJob } from "../helpers/agents.ts";

describe("WrittenJobs", () => {
  it("hands a job back once, as written and at its version, when it is at the status id asked for", () => {
    const written = new WrittenJobs();
    const job = newJob();
    written.remember(job, JSON.stringify(job), 3);
    expect(written.take(job.id, job.statusId)).toEqual({ job, version: 3 });
    expect(written.take(job.id, job.statusId)).toBeUndefined();
    written.remember(job, JSON.stringify(job), 4);
    expect(written.take(job.id, "another-status-id")).toBeUndefined();
    expect(written.take(job.id, job.statusId)).toBeUndefined();
  });

  it("hands out a copy: what the caller changes is not what was written", () => {
    const written = new WrittenJobs();
    const job = newJob();
    written.remember(job, JSON.stringify(job), 1);
    job.input.text = "changed after the write";
    expect(written.take(job.id, job.statusId)?.job.input.text).toBe("hello");
  });

  it("forgets a job whose write left it no longer pending", () => {
    const written = new WrittenJobs();
    const job = newJob({ status: "failed" });
    written.remember(job, JSON.stringify(job), 2);
    expect(written.take(job.id, job.statusId)).toBeUndefined();
  });

  it("keeps only the `limit` jobs written last", () => {
    const written = new WrittenJobs(2);
    const [a, b, c] = [newJob(), newJob(), newJob()];
    for (const job of [a, b, c]) written.remember(job, JSON.stringify(job), 1);
    expect(written.take(a.id, a.statusId)).toBeUndefined();
    expect(written.take(b.id, b.statusId)?.job).toEqual(b);
    expect(written.take(c.id, c.statusId)?.job).toEqual(c);
  });
});
