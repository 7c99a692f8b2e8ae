import { createHash } from "node:crypto";
import { onAbort } from "../../abort.ts";
import { randomHex } from "../../random-hex.ts";
import type { FundsOutcome, PaymentInfo, PaymentProvider } from "../payment.ts";

const MINUTE = 60_000;
export const SUBMITTED_RESULTS_KEPT = 1_000;
const HOUR = 60 * MINUTE;

export interface SimulatedPaymentOptions {
  delayMs: number;
  /** The agent's public key; the simulated identity is derived from it, so it survives restarts. */
  publicKey: string;
  agentIdentifier: string | undefined;
}

/**
 * Payments that behave like the Masumi payment service's without touching a blockchain: every
 * paid field is there with realistic values, the funds count as locked `delayMs` after the job
 * starts, and result hashes are recorded instead of sent on-chain.
 */
export class SimulatedPayment implements PaymentProvider {
  readonly requiresPayment = true;
  readonly description = "payments are simulated";
  readonly agentIdentifier: string;
  /**
   * The last SUBMITTED_RESULTS_KEPT result hashes submitted, by blockchain identifier, for a
   * look in tests and demos; the job itself records its submission in the store. Bounded, so
   * that a long-running agent does not keep one entry per job it ever did in memory.
   */
  readonly submittedResults = new Map<string, string>();
  readonly #delayMs: number;
  readonly #sellerVKey: string;

  constructor(options: SimulatedPaymentOptions) {
    this.#delayMs = options.delayMs;
    // Shaped like the real ones: a policy id (56 hex) plus an asset name, and a key hash.
    this.agentIdentifier =
      options.agentIdentifier ??
      `${sha224(`agent:${options.publicKey}`)}${Buffer.from("simulated").toString("hex")}`;
    this.#sellerVKey = sha224(`seller:${options.publicKey}`);
  }

  async createPayment(): Promise<PaymentInfo> {
    const now = Date.now();
    // The payment service's rules: the result is due at least 15 minutes ahead, and payment
    // at least 5 minutes before that. These times leave a realistic margin.
    const submitResultTime = now + 12 * HOUR;
    return {
      blockchainIdentifier: randomHex(48),
      payByTime: now + HOUR,
      submitResultTime,
      unlockTime: submitResultTime + 6 * HOUR,
      externalDisputeUnlockTime: submitResultTime + 12 * HOUR,
      agentIdentifier: this.agentIdentifier,
      sellerVKey: this.#sellerVKey,
    };
  }

  waitForFunds(_payment: PaymentInfo, signal: AbortSignal): Promise<FundsOutcome> {
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason);
      const timer = setTimeout(() => {
        cancelStop();
        resolve({ locked: true });
      }, this.#delayMs);
      const cancelStop = onAbort(signal, () => {
        clearTimeout(timer);
        reject(signal.reason);
      });
    });
  }

  async submitResult(payment: PaymentInfo, resultHash: string): Promise<void> {
    this.submittedResults.set(payment.blockchainIdentifier, resultHash);
    if (this.submittedResults.size > SUBMITTED_RESULTS_KEPT) {
      // A Map iterates in insertion order: the first key is the oldest submission.
      this.submittedResults.delete(this.submittedResults.keys().next().value!);
    }
  }
}

function sha224(text: string): string {
  return createHash("sha224").update(text).digest("hex");
}
