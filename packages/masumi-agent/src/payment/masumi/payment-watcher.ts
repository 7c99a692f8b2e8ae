import { setTimeout as sleep } from "node:timers/promises";
import { onAbort } from "../../abort.ts";
import type { Logger } from "../../log.ts";
import type { FundsOutcome, PaymentInfo } from "../payment.ts";
import {
  PaymentServiceError,
  type OnChainState,
  type PaymentServiceClient,
  type ServicePayment,
} from "./payment-service.ts";

export interface PaymentWatcherOptions {
  client: PaymentServiceClient;
  log: Logger;
  pollIntervalMs: number;
}

interface Watch {
  payByTime: number;
  resolve(outcome: FundsOutcome): void;
}

/** The longest pause between polls while the payment service keeps failing. */
const MAX_BACKOFF_MS = 5 * 60_000;

/**
 * How long after the pay-by time a payment may still arrive: the service itself gives up on an
 * unpaid payment (FundsOrDatumInvalid) only 5 minutes after it, and funds count as locked only
 * after enough confirmations.
 */
export const PAY_BY_GRACE_MS = 5 * 60_000;

/**
 * Watches the payments of every job awaiting one, with one poll loop for all of them: each poll
 * reads the service's payment list page by page (a few requests for a thousand payments, where
 * asking per payment would cost a thousand), and settles each watched payment whose funds are
 * locked or can no longer be. When the service fails, polls back off, with jitter. A payment the
 * list did not show is looked up on its own before its job fails.
 */
export class PaymentWatcher {
  readonly #client: PaymentServiceClient;
  readonly #log: Logger;
  readonly #pollIntervalMs: number;
  /** By blockchain identifier. */
  readonly #watches = new Map<string, Set<Watch>>();
  #polling = false;

  constructor(options: PaymentWatcherOptions) {
    this.#client = options.client;
    this.#log = options.log;
    this.#pollIntervalMs = options.pollIntervalMs;
  }

  watch(payment: PaymentInfo, signal: AbortSignal): Promise<FundsOutcome> {
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason);
      const id = payment.blockchainIdentifier;
      const watches = this.#watches.get(id) ?? new Set<Watch>();
      const forget = () => {
        watches.delete(watch);
        if (watches.size === 0) this.#watches.delete(id);
        cancelStop();
      };
      const cancelStop = onAbort(signal, () => {
        forget();
        reject(signal.reason);
      });
      const watch: Watch = {
        payByTime: payment.payByTime,
        resolve: (outcome) => {
          forget();
          resolve(outcome);
        },
      };
      watches.add(watch);
      this.#watches.set(id, watches);
      if (!this.#polling) void this.#pollWhileWatching();
    });
  }

  async #pollWhileWatching(): Promise<void> {
    this.#polling = true;
    let failures = 0;
    while (this.#watches.size > 0) {
      const backoff = Math.min(this.#pollIntervalMs * 2 ** failures, MAX_BACKOFF_MS);
      // Jitter spreads the polls of several instances (and their retries) over time.
      const delay = failures === 0 ? backoff : backoff / 2 + Math.random() * (backoff / 2);
      await sleep(delay, undefined, { ref: false });
      try {
        await this.#poll();
        if (failures > 0) this.#log.info("The payment service answers again");
        failures = 0;
      } catch (error) {
        if (failures === 0) this.#log.error("Could not check payments; retrying", error);
        failures++;
      }
    }
    this.#polling = false;
  }

  /** Reads the payment list until every watched payment was seen, then settles what it can. */
  async #poll(): Promise<void> {
    const found = new Map<string, ServicePayment>();
    const seen = new Set<string>();
    let cursorId: string | undefined;
    while (found.size < this.#watches.size) {
      const page = await this.#client.listPayments(cursorId);
      // The page starts with the cursor's payment again (the service pages that way): skip it.
      const fresh = page.filter((payment) => !seen.has(payment.id));
      for (const payment of fresh) {
        seen.add(payment.id);
        if (this.#watches.has(payment.blockchainIdentifier)) {
          found.set(payment.blockchainIdentifier, payment);
        }
      }
      const last = page.at(-1);
      if (fresh.length === 0 || !last) break;
      cursorId = last.id;
    }
    const now = Date.now();
    for (const [id, watches] of [...this.#watches]) {
      let payment = found.get(id);
      const giveUp = [...watches].some((watch) => fundsOutcome(null, watch.payByTime, now));
      // Missing from the list (a node that ignores the type filter, say) is no reason to fail.
      if (!payment && giveUp) payment = await this.#lookUp(id);
      const state = payment?.onChainState ?? null;
      for (const watch of [...watches]) {
        const outcome = fundsOutcome(state, watch.payByTime, now);
        if (outcome) watch.resolve(outcome);
      }
    }
  }

  /** The payment on its own; undefined when the service has no such payment (any more). */
  async #lookUp(blockchainIdentifier: string): Promise<ServicePayment | undefined> {
    try {
      return await this.#client.resolvePayment(blockchainIdentifier);
    } catch (error) {
      if (error instanceof PaymentServiceError && error.status === 404) return undefined;
      throw error;
    }
  }
}

/** What a payment's on-chain state means for a job waiting for it; undefined: keep waiting. */
export function fundsOutcome(
  state: OnChainState | null,
  payByTime: number,
  now: number,
): FundsOutcome | undefined {
  switch (state) {
    case "FundsLocked":
      return { locked: true };
    case null:
      return now > payByTime + PAY_BY_GRACE_MS
        ? { locked: false, reason: "No payment arrived before the pay-by time" }
        : undefined;
    case "FundsOrDatumInvalid":
      return {
        locked: false,
        reason: "The payment is invalid (FundsOrDatumInvalid)",
      };
    case "RefundRequested":
    case "RefundAuthorized":
    case "RefundWithdrawn":
      return {
        locked: false,
        reason: `The buyer asked for a refund before the job ran (${state})`,
      };
    default:
      return {
        locked: false,
        reason: `The payment cannot pay for this job any more (${state})`,
      };
  }
}
