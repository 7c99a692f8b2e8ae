import { describe, expect, it } from "vitest";
import { ON_CHAIN_STATES, type OnChainState } from "../../packages/masumi-agent/src/payment-sim/model.js";
import {
  acceptsResult,
  allowedNextStates,
  canTransition,
  stateAfterResult,
} from "../../packages/masumi-agent/src/payment-sim/state-machine.js";

describe("on-chain state machine", () => {
  it("starts unpaid: null can only become FundsLocked or FundsOrDatumInvalid", () => {
    expect(allowedNextStates(null)).toEqual(["FundsLocked", "FundsOrDatumInvalid"]);
    expect(canTransition(null, "ResultSubmitted")).toBe(false);
  });

  it("reaches every state from null, and ends only in the invalid and withdrawn states", () => {
    const reached = new Set<OnChainState | null>([null]);
    const queue: Array<OnChainState | null> = [null];
    while (queue.length > 0) {
      for (const next of allowedNextStates(queue.shift() ?? null)) {
        if (!reached.has(next)) queue.push(next);
        reached.add(next);
      }
    }
    expect([...reached].filter((state) => state !== null).sort()).toEqual([...ON_CHAIN_STATES].sort());
    expect(ON_CHAIN_STATES.filter((state) => allowedNextStates(state).length === 0).sort()).toEqual(
      ["DisputedWithdrawn", "FundsOrDatumInvalid", "RefundWithdrawn", "Withdrawn"].sort(),
    );
  });

  it("accepts a result only while FundsLocked, RefundRequested or Disputed", () => {
    expect(ON_CHAIN_STATES.filter(acceptsResult)).toEqual(["FundsLocked", "RefundRequested", "Disputed"]);
    expect(acceptsResult(null)).toBe(false);
  });

  it("moves to ResultSubmitted after a result on locked funds, and to Disputed after one on a refund request", () => {
    expect(stateAfterResult("FundsLocked")).toBe("ResultSubmitted");
    expect(stateAfterResult("RefundRequested")).toBe("Disputed");
    expect(stateAfterResult("Disputed")).toBe("Disputed");
    for (const state of ["FundsLocked", "RefundRequested"] as const)
      expect(canTransition(state, stateAfterResult(state))).toBe(true);
  });
});
