/**
 * The chain steps the recording's simulation scripts wrote into the real service's database
 * between two exchanges (fixtures README, "Responses that depend on database state set by hand"),
 * replayed through the simulator's admin route: before exchange `beforeLine`, `step` is run on the
 * payment that exchange `paymentOfLine` created.
 */
import type { SimulationStep } from "../../../src/payment-sim/index.js";

export interface ChainStep {
  beforeLine: number;
  paymentOfLine: number;
  step: SimulationStep;
}

export const CHAIN_STEPS: Record<string, ChainStep[]> = {
  "payments-v2.jsonl": [
    { beforeLine: 46, paymentOfLine: 42, step: "lock" },
    // Locked at 20:34:57.9 (its transaction's time), so that line 48's 403 is about the key only.
    { beforeLine: 48, paymentOfLine: 17, step: "lock" },
    { beforeLine: 54, paymentOfLine: 42, step: "submit-initiated" },
    { beforeLine: 55, paymentOfLine: 42, step: "result-submitted" },
    { beforeLine: 57, paymentOfLine: 42, step: "withdrawn" },
  ],
  "payments-v1.jsonl": [
    { beforeLine: 52, paymentOfLine: 51, step: "lock" },
    // The recorded listing of FundsLocked payments shows the first payment locked as well.
    { beforeLine: 53, paymentOfLine: 1, step: "lock" },
    { beforeLine: 57, paymentOfLine: 51, step: "submit-initiated" },
    { beforeLine: 58, paymentOfLine: 51, step: "result-submitted" },
    { beforeLine: 59, paymentOfLine: 51, step: "withdrawn" },
  ],
  "errors.jsonl": [],
};
