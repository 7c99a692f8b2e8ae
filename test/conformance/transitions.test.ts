import { describe, expect, it } from "vitest";
import { illegalStep } from "../../packages/masumi-agent/src/check/transitions.js";

describe("status transitions", () => {
  it.each([
    [["awaiting_payment", "running", "completed", "completed"]],
    [["awaiting_payment", "completed"]],
    [["running", "awaiting_input", "awaiting_input", "running", "failed"]],
    [["awaiting_payment", undefined, "pending", "running"]],
  ])("allows %j", (statuses) => {
    expect(illegalStep(statuses)).toBeUndefined();
  });

  it.each([
    [["awaiting_payment", "running", "awaiting_payment"], { from: "running", to: "awaiting_payment", index: 2 }],
    [["running", "completed", undefined, "running"], { from: "completed", to: "running", index: 3 }],
    [["failed", "completed"], { from: "failed", to: "completed", index: 1 }],
  ])("refuses %j", (statuses, step) => {
    expect(illegalStep(statuses)).toEqual(step);
  });
});
