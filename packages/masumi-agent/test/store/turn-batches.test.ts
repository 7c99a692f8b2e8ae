import { expect, it } from "vitest";
import { outcomeOf, TurnBatches } from "../../src/store/turn-batches.ts";

it("runs the items of one turn together, each settled with its own outcome", async () => {
  const batches: number[][] = [];
  const batched = new TurnBatches<number, number>((items) => {
    batches.push(items);
    return items.map((item) =>
      outcomeOf(() => {
        if (item === 2) throw new Error("two fails");
        return item * 10;
      }),
    );
  }, 10);
  const settled = await Promise.allSettled([1, 2, 3].map((item) => batched.add(item)));
  expect(batches).toEqual([[1, 2, 3]]);
  expect(settled).toEqual([
    { status: "fulfilled", value: 10 },
    { status: "rejected", reason: new Error("two fails") },
    { status: "fulfilled", value: 30 },
  ]);
});

it("runs at most `limit` items at a time, in order, with the next turn's work in between", async () => {
  const events: string[] = [];
  const batched = new TurnBatches<number, void>((items) => {
    events.push(`batch ${items[0]}-${items.at(-1)}`);
    return items.map(() => ({ ok: true, value: undefined }));
  }, 4);
  const added = Array.from({ length: 10 }, (_, item) => batched.add(item));
  // Work that is due meanwhile, as a request that arrived would be: it must not wait for all.
  setImmediate(() => events.push("other work"));
  await Promise.all(added);
  expect(events).toEqual(["batch 0-3", "other work", "batch 4-7", "batch 8-9"]);
});

it("fails every item of a batch that throws as a whole", async () => {
  const batched = new TurnBatches<number, void>(() => {
    throw new Error("the commit failed");
  }, 10);
  const settled = await Promise.allSettled([batched.add(1), batched.add(2)]);
  expect(settled.map((outcome) => outcome.status)).toEqual(["rejected", "rejected"]);
});

it("runs what is queued when flushed, and nothing more at the next turn", async () => {
  const batches: number[][] = [];
  const batched = new TurnBatches<number, void>((items) => {
    batches.push(items);
    return items.map(() => ({ ok: true, value: undefined }));
  }, 2);
  const added = [1, 2, 3].map((item) => batched.add(item));
  await batched.flush();
  expect(batches).toEqual([[1, 2], [3]]);
  await Promise.all(added);
  // The turn that the first add scheduled finds nothing left (a closed store has no batch to run).
  await new Promise((resolve) => setImmediate(resolve));
  expect(batches).toEqual([[1, 2], [3]]);
});

it("puts items added first ahead of the queued ones, each settled with its own outcome", async () => {
  const batches: string[][] = [];
  const batched = new TurnBatches<string, string>((items) => {
    batches.push(items);
    return items.map((item) => ({ ok: true, value: item.toUpperCase() }));
  }, 3);
  const queued = ["a", "b", "c", "d"].map((item) => batched.add(item));
  const first = ["x", "y"].map((item) => batched.addFirst(item));
  expect(await Promise.all([...queued, ...first])).toEqual(["A", "B", "C", "D", "X", "Y"]);
  // Both first items go into the next batch; the queued ones keep their order behind them.
  expect(batches).toEqual([
    ["x", "y", "a"],
    ["b", "c", "d"],
  ]);
});

it("flushes the items added first too", async () => {
  const batches: number[][] = [];
  const batched = new TurnBatches<number, void>((items) => {
    batches.push(items);
    return items.map(() => ({ ok: true, value: undefined }));
  }, 10);
  const added = [batched.addFirst(1), batched.add(2)];
  await batched.flush();
  expect(batches).toEqual([[1, 2]]);
  await Promise.all(added);
});
