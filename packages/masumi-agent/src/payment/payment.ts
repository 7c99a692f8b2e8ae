/**
 * How jobs get paid. The job service calls these methods the same way for every mode; a mode is
 * one implementation (src/payment/simulated.ts, free.ts, or a client of the Masumi payment
 * service) chosen in src/payment/index.ts.
 */

import type { Signer } from "../jobs/signer.ts";
import type { Logger } from "../log.ts";

/** The payment terms a paid /start_job answers; times are Unix milliseconds. */
export interface PaymentInfo {
  blockchainIdentifier: string;
  payByTime: number;
  submitResultTime: number;
  unlockTime: number;
  externalDisputeUnlockTime: number;
  agentIdentifier: string;
  sellerVKey: string;
  /** Set for payments of Masumi payment sources that have a type; /start_job answers both. */
  paymentSourceType?: "Web3CardanoV1" | "Web3CardanoV2";
  /** For Web3CardanoV2 sources: the index sent when the payment was created (not echoed back). */
  supportedPaymentSourceIndex?: number;
}

export interface PaymentRequest {
  jobId: string;
  identifierFromPurchaser: string;
  inputHash: string;
}

/**
 * `locked`: the buyer's funds are in escrow, the job may run. Otherwise the job can never be paid
 * (nothing came by the pay-by time, the payment is invalid, a refund); `reason` says why.
 */
export type FundsOutcome = { locked: true } | { locked: false; reason: string };

/** A payment-service call that failed; `retryable` when trying again later may succeed. */
export class PaymentError extends Error {
  readonly retryable: boolean;

  constructor(message: string, retryable: boolean) {
    super(message);
    this.name = "PaymentError";
    this.retryable = retryable;
  }
}

export interface PaymentProvider {
  /** Paid modes require identifier_from_purchaser; free mode makes one up when it is missing. */
  readonly requiresPayment: boolean;
  /** The agent's identifier on Masumi, when one is known; /availability shows it. */
  readonly agentIdentifier: string | undefined;
  /** One line for logs and /availability, e.g. "payments are simulated". */
  readonly description: string;

  /** Asks for a payment for a new job; null when the job needs none. */
  createPayment(request: PaymentRequest): Promise<PaymentInfo | null>;

  /** Resolves once the funds are locked or cannot be any more; rejects when `signal` aborts. */
  waitForFunds(payment: PaymentInfo, signal: AbortSignal): Promise<FundsOutcome>;

  /**
   * Submits the result hash, at most once in effect; throws when it could not (the job service
   * retries a PaymentError that is retryable, and any other error, until the submit-result time).
   */
  submitResult(payment: PaymentInfo, resultHash: string): Promise<void>;
}

/**
 * What AGENT_IDENTIFIER must be: the registry NFT's policy id (56 hex) and asset name, as hex of
 * even length (the registry's identifiers are 120 hex).
 */
export const AGENT_IDENTIFIER = {
  pattern: /^(?:[0-9a-fA-F]{2}){29,}$/,
  rule: "the agent identifier from the Masumi registration: hex of even length, at least 58 characters",
};

/** What a payment mode may use when src/payment/index.ts creates it. */
export interface PaymentContext {
  signer: Signer;
  log: Logger;
  /** AGENT_IDENTIFIER, when set. */
  agentIdentifier: string | undefined;
}
