import { setTimeout as sleep } from "node:timers/promises";
import { RequestError } from "../../jobs/errors.ts";
import type { Logger } from "../../log.ts";
import {
  PaymentError,
  type FundsOutcome,
  type PaymentInfo,
  type PaymentProvider,
  type PaymentRequest,
} from "../payment.ts";
import {
  PaymentServiceError,
  type NewPayment,
  type PaymentServiceClient,
  type PaymentSourceType,
  type ServicePayment,
} from "./payment-service.ts";
import { PaymentWatcher } from "./payment-watcher.ts";

export interface MasumiPaymentOptions {
  client: PaymentServiceClient;
  agentIdentifier: string;
  paymentSourceType: PaymentSourceType;
  /** Web3CardanoV2: the priced source of the agent's registration that payments use. */
  paymentSourceIndex: number | undefined;
  /** How long after a job starts the buyer may pay, and the result is due. */
  payByWindowMs: number;
  submitResultWindowMs: number;
  pollIntervalMs: number;
  log: Logger;
}

/** The on-chain states in which the payment service takes a result. */
const RESULT_STATES = new Set(["FundsLocked", "RefundRequested", "Disputed"]);

/** The next actions of a result the service took and is putting on chain. */
const SUBMITTING = new Set(["SubmitResultRequested", "SubmitResultInitiated"]);

/**
 * Pauses before asking again for a payment whose answer was lost: the repeat is identical, so
 * the service answers it with the payment it made (409), or makes it now.
 */
const CREATE_RETRY_DELAYS_MS = [250, 1_000];

/** Real payments, through the Masumi payment service: the buyer pays into escrow on Cardano. */
export class MasumiPayment implements PaymentProvider {
  readonly requiresPayment = true;
  readonly description: string;
  readonly agentIdentifier: string;
  readonly #client: PaymentServiceClient;
  readonly #watcher: PaymentWatcher;
  readonly #paymentSourceType: PaymentSourceType;
  readonly #paymentSourceIndex: number | undefined;
  readonly #payByWindowMs: number;
  readonly #submitResultWindowMs: number;
  readonly #log: Logger;

  constructor(options: MasumiPaymentOptions) {
    this.agentIdentifier = options.agentIdentifier;
    this.#client = options.client;
    this.#paymentSourceType = options.paymentSourceType;
    this.#paymentSourceIndex = options.paymentSourceIndex;
    this.#payByWindowMs = options.payByWindowMs;
    this.#submitResultWindowMs = options.submitResultWindowMs;
    this.#log = options.log;
    this.#watcher = new PaymentWatcher({
      client: options.client,
      log: options.log,
      pollIntervalMs: options.pollIntervalMs,
    });
    const index =
      this.#paymentSourceIndex === undefined ? "" : `, source ${this.#paymentSourceIndex}`;
    this.description = `payments go through the Masumi payment service (${this.#paymentSourceType}${index})`;
  }

  async createPayment(request: PaymentRequest): Promise<PaymentInfo> {
    const now = Date.now();
    const terms: NewPayment = {
      agentIdentifier: this.agentIdentifier,
      identifierFromPurchaser: request.identifierFromPurchaser,
      inputHash: request.inputHash,
      payByTime: new Date(now + this.#payByWindowMs),
      submitResultTime: new Date(now + this.#submitResultWindowMs),
      paymentSourceType: this.#paymentSourceType,
      supportedPaymentSourceIndex: this.#paymentSourceIndex,
    };
    let payment: ServicePayment;
    try {
      payment = await this.#create(terms);
    } catch (error) {
      this.#log.error(`Could not create the payment of job ${request.jobId}`, error);
      throw startRefusal(error);
    }
    return this.#paymentInfo(payment);
  }

  waitForFunds(payment: PaymentInfo, signal: AbortSignal): Promise<FundsOutcome> {
    return this.#watcher.watch(payment, signal);
  }

  async submitResult(payment: PaymentInfo, resultHash: string): Promise<void> {
    try {
      await this.#client.submitResult(payment.blockchainIdentifier, resultHash);
    } catch (error) {
      if (!(error instanceof PaymentServiceError)) throw error;
      if (error.status === 403) {
        // Only the API key that created a payment may submit its result: PAYMENT_API_KEY changed.
        throw new PaymentError(
          `${error.message} (only the API key that created the payment may submit its result)`,
          false,
        );
      }
      // 404: the service takes no result in the payment's state, e.g. because it already has
      // this one (the first submission's answer was lost); 409: another submission is under way.
      if (error.status !== 404 && error.status !== 409) throw error;
      const current = await this.#client.resolvePayment(payment.blockchainIdentifier);
      if (carriesResult(current, resultHash)) return;
      const state = current.onChainState ?? "no funds locked";
      const action = current.NextAction.requestedAction;
      // In a state that takes results, the service is busy with another action: try again.
      throw new PaymentError(`${error.message} (${state}, ${action})`, RESULT_STATES.has(state));
    }
  }

  /** POST /payment, repeated while its answer is lost on the way (no answer at all). */
  async #create(terms: NewPayment): Promise<ServicePayment> {
    for (const delay of CREATE_RETRY_DELAYS_MS) {
      try {
        return await this.#client.createPayment(terms);
      } catch (error) {
        if (!(error instanceof PaymentServiceError) || error.status !== undefined) throw error;
        this.#log.warn(`${error.message}; asking again in ${delay} ms`);
        await sleep(delay);
      }
    }
    return this.#client.createPayment(terms);
  }

  /** The payment terms as /start_job answers them: the service's values, unchanged. */
  #paymentInfo(payment: ServicePayment): PaymentInfo {
    const info = {
      blockchainIdentifier: payment.blockchainIdentifier,
      payByTime: milliseconds(payment.payByTime),
      submitResultTime: milliseconds(payment.submitResultTime),
      unlockTime: milliseconds(payment.unlockTime),
      externalDisputeUnlockTime: milliseconds(payment.externalDisputeUnlockTime),
      agentIdentifier: payment.agentIdentifier,
      sellerVKey: payment.SmartContractWallet?.walletVkey,
    };
    const missing = Object.entries(info).filter(
      ([, value]) => value === undefined || value === null,
    );
    if (missing.length > 0) {
      const fields = missing.map(([name]) => name).join(", ");
      throw new RequestError(
        "payment_service_error",
        `The payment service answered a payment without ${fields}`,
      );
    }
    // The service does not echo the index: the buyer needs the one this agent sent.
    return {
      ...(info as Omit<PaymentInfo, "paymentSourceType" | "supportedPaymentSourceIndex">),
      paymentSourceType: payment.PaymentSource?.paymentSourceType ?? this.#paymentSourceType,
      ...(this.#paymentSourceIndex === undefined
        ? {}
        : { supportedPaymentSourceIndex: this.#paymentSourceIndex }),
    };
  }
}

/** Whether the payment already has this result: on chain, or on its way there. */
function carriesResult(payment: ServicePayment, resultHash: string): boolean {
  if (payment.resultHash === resultHash) return true;
  const next = payment.NextAction;
  return SUBMITTING.has(next.requestedAction) && next.resultHash === resultHash;
}

/** A string of Unix milliseconds as the integer it is; undefined when it is not one. */
function milliseconds(value: string | null): number | undefined {
  return value !== null && /^\d+$/.test(value) ? Number(value) : undefined;
}

/** Why /start_job could not create the payment, as the caller should see it. */
function startRefusal(error: unknown): RequestError {
  const message = error instanceof Error ? error.message : String(error);
  if (!(error instanceof PaymentServiceError)) {
    return new RequestError("payment_service_error", message);
  }
  if (error.retryable) return new RequestError("payment_unavailable", message);
  if (error.status === 400) return new RequestError("payment_rejected", message);
  return new RequestError("payment_service_error", message);
}
