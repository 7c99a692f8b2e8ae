/**
 * The vocabulary of the Masumi payment service (prisma/schema.prisma enums of
 * masumi-network/masumi-payment-service) and the simulator's in-memory payment record.
 */

export const NETWORKS = ["Preprod", "Mainnet"] as const;
export type Network = (typeof NETWORKS)[number];

export const ON_CHAIN_STATES = [
  "FundsLocked",
  "FundsOrDatumInvalid",
  "ResultSubmitted",
  "RefundRequested",
  "Disputed",
  "WithdrawAuthorized",
  "RefundAuthorized",
  "Withdrawn",
  "RefundWithdrawn",
  "DisputedWithdrawn",
] as const;
export type OnChainState = (typeof ON_CHAIN_STATES)[number];

/** The two `NextAction.requestedAction` values a seller-side payment passes through here. */
export type PaymentAction = "WaitingForExternalAction" | "SubmitResultRequested";

export interface Amount {
  amount: string;
  /** Policy id + asset name; the empty string is lovelace. */
  unit: string;
}

export interface ActionRecord {
  id: string;
  createdAt: Date;
  updatedAt: Date;
  requestedAction: PaymentAction;
  resultHash: string | null;
  submittedTxHash: string | null;
}

export interface TransactionRecord {
  id: string;
  createdAt: Date;
  updatedAt: Date;
  txHash: string;
  fees: string;
  blockHeight: number;
  blockTime: number;
  previousOnChainState: OnChainState | null;
  newOnChainState: OnChainState;
}

/** One payment request as the simulator keeps it; `payment-json.ts` turns it into the API shape. */
export interface PaymentRecord {
  id: string;
  createdAt: Date;
  updatedAt: Date;
  network: Network;
  blockchainIdentifier: string;
  agentIdentifier: string;
  identifierFromPurchaser: string;
  inputHash: string;
  /** '' until a result is confirmed on chain, as the real service stores it. */
  resultHash: string;
  metadata: string | null;
  /** Unix milliseconds. */
  payByTime: number;
  submitResultTime: number;
  unlockTime: number;
  externalDisputeUnlockTime: number;
  onChainState: OnChainState | null;
  nextAction: ActionRecord;
  actionHistory: ActionRecord[];
  currentTransaction: TransactionRecord | null;
  transactionHistory: TransactionRecord[];
  buyerWallet: { id: string; walletVkey: string } | null;
  nextActionLastChangedAt: Date;
  onChainStateOrResultLastChangedAt: Date;
}
