import { expect, it } from "vitest";
import { copyData } from "../../src/store/memory/copy.ts";
import { MemoryJobStore } from "../../src/store/memory/memory.ts";
import { newJob } from "../helpers/agents.ts";

const lease = { owner: "a", until: 0 };

it("hands out the stored job itself, deeply frozen: reads copy nothing", async () => {
  const store = new MemoryJobStore();
  const job = newJob();
  await store.create(job, lease);
  const found = await store.get(job.id);
  expect(found).not.toBe(job);
  expect(await store.peek(job.id)).toBe(found);
  const noted = await store.transition(job.id, job.statusId, { message: "noted" });
  expect(await store.get(job.id)).toBe(noted);
  expect(await store.claimExpired(lease, 10)).toEqual([noted]);
  for (const shared of [found!, noted!]) {
    expect(Object.isFrozen(shared)).toBe(true);
    expect(Object.isFrozen(shared.input)).toBe(true);
    expect(() => (shared.input.text = "changed")).toThrow(TypeError);
  }
  // The fields a transition left alone are shared with the job before, not copied.
  expect(noted!.input).toBe(found!.input);
});

it("copies what comes in as structuredClone would", () => {
  const data = { list: [1, { deep: "x" }], nothing: null, missing: undefined, when: new Date(5) };
  const copy = copyData(data);
  expect(copy).toEqual(data);
  expect(copy).not.toBe(data);
  expect(copy.list[1]).not.toBe(data.list[1]);
  expect(copy.when).toBeInstanceOf(Date);
  expect(copy.when).not.toBe(data.when);
  expect(() => copyData({ run: () => "" })).toThrow(/could not be cloned/);
});
