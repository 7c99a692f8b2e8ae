import type { OnChainState } from "./model.js";

/**
 * Which on-chain state may follow which, whoever acts (buyer, seller, the chain's clock or the
 * network admins), following the payment smart contract: the buyer locks funds, the seller submits
 * a result, the buyer may ask for a refund (a refund request after a result, or a result after a
 * refund request, is a dispute), and every branch ends in a withdrawal.
 */
const NEXT_STATES: Record<OnChainState | "null", readonly OnChainState[]> = {
  null: ["FundsLocked", "FundsOrDatumInvalid"],
  FundsLocked: ["ResultSubmitted", "RefundRequested", "RefundAuthorized", "RefundWithdrawn"],
  ResultSubmitted: ["Disputed", "WithdrawAuthorized", "Withdrawn"],
  RefundRequested: ["FundsLocked", "Disputed", "RefundAuthorized", "RefundWithdrawn"],
  Disputed: ["ResultSubmitted", "RefundAuthorized", "DisputedWithdrawn"],
  WithdrawAuthorized: ["Withdrawn"],
  RefundAuthorized: ["RefundWithdrawn"],
  FundsOrDatumInvalid: [],
  Withdrawn: [],
  RefundWithdrawn: [],
  DisputedWithdrawn: [],
};

export function allowedNextStates(from: OnChainState | null): readonly OnChainState[] {
  return NEXT_STATES[from ?? "null"];
}

export function canTransition(from: OnChainState | null, to: OnChainState): boolean {
  return allowedNextStates(from).includes(to);
}

/** The states in which the real service accepts `submit-result` (submit-result/index.ts). */
const RESULT_ACCEPTING_STATES: readonly OnChainState[] = ["FundsLocked", "RefundRequested", "Disputed"];

export function acceptsResult(state: OnChainState | null): boolean {
  return state !== null && RESULT_ACCEPTING_STATES.includes(state);
}

/**
 * The state once a submitted result is on chain: a result answers locked funds, and turns a
 * pending refund request into a dispute (a disputed payment stays disputed, with the new result).
 */
export function stateAfterResult(state: OnChainState): OnChainState {
  return state === "FundsLocked" ? "ResultSubmitted" : "Disputed";
}
