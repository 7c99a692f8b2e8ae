import { expect, it } from "vitest";
import { TurnGate } from "../../src/jobs/turn-gate.ts";

it("lets `perTurn` callers on per turn, in order, with the turn's other work in between", async () => {
  const events: string[] = [];
  const gate = new TurnGate(2);
  const passed = Array.from({ length: 5 }, (_, index) =>
    gate.pass().then(() => events.push(`pass ${index}`)),
  );
  // Work that is due meanwhile, as a request that arrived would be: it must not wait for all.
  setImmediate(() => events.push("other work"));
  await Promise.all(passed);
  expect(events).toEqual(["pass 0", "pass 1", "other work", "pass 2", "pass 3", "pass 4"]);
});

it("lets a caller on at a later turn when the earlier ones have all gone", async () => {
  const gate = new TurnGate(1);
  await gate.pass();
  let passed = false;
  const next = gate.pass().then(() => (passed = true));
  // Not within the caller's own turn: after it, at setImmediate.
  await Promise.resolve();
  expect(passed).toBe(false);
  await next;
  expect(passed).toBe(true);
});
