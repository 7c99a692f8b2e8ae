import { RequestError } from "../jobs/errors.ts";
import type { Logger } from "../log.ts";
import {
  PaymentError,
  type FundsOutcome,
  type PaymentInfo,
  type PaymentProvider,
  type PaymentRequest,
} from "./payment.ts";
import {
  PaymentServiceError,
  type PaymentServiceClient,
  type ServicePayment,
} from "./payment-service.ts";
import { PaymentWatcher } from "./payment-watcher.ts";

export interface MasumiPaymentOptions {
  client: PaymentServiceClient;
  agentIdentifier: string;
  /** How long after a job starts the buyer may pay, and the result is due. */
  payByWindowMs: number;
  submitResultWindowMs: number;
  pollIntervalMs: number;
  log: Logger;
}

/** The on-chain states in which the payment service takes a result. */
const RESULT_STATES = new Set(["FundsLocked", "RefundRequested", "Disputed"]);

/** Real payments, through the Masumi payment service: the buyer pays into escrow on Cardano. */
export class MasumiPayment implements PaymentProvider {
  readonly requiresPayment = true;
  readonly description = "payments go through the Masumi payment service";
  readonly agentIdentifier: string;
  readonly #client: PaymentServiceClient;
  readonly #watcher: PaymentWatcher;
  readonly #payByWindowMs: number;
  readonly #submitResultWindowMs: number;
  readonly #log: Logger;

  constructor(options: MasumiPaymentOptions) {
    this.agentIdentifier = options.agentIdentifier;
    this.#client = options.client;
    this.#payByWindowMs = options.payByWindowMs;
    this.#submitResultWindowMs = options.submitResultWindowMs;
    this.#log = options.log;
    this.#watcher = new PaymentWatcher({
      client: options.client,
      log: options.log,
      pollIntervalMs: options.pollIntervalMs,
    });
  }

  async createPayment(request: PaymentRequest): Promise<PaymentInfo> {
    const now = Date.now();
    let payment: ServicePayment;
    try {
      payment = await this.#client.createPayment({
        agentIdentifier: this.agentIdentifier,
        identifierFromPurchaser: request.identifierFromPurchaser,
        inputHash: request.inputHash,
        payByTime: new Date(now + this.#payByWindowMs),
        submitResultTime: new Date(now + this.#submitResultWindowMs),
      });
    } catch (error) {
      this.#log.error(`Could not create the payment of job ${request.jobId}`, error);
      throw startRefusal(error);
    }
    return paymentInfo(payment);
  }

  waitForFunds(payment: PaymentInfo, signal: AbortSignal): Promise<FundsOutcome> {
    return this.#watcher.watch(payment, signal);
  }

  async submitResult(payment: PaymentInfo, resultHash: string): Promise<void> {
    try {
      await this.#client.submitResult(payment.blockchainIdentifier, resultHash);
    } catch (error) {
      if (!(error instanceof PaymentServiceError) || error.status !== 404) throw error;
      // The service refuses a second submission: when the first one's answer was lost, the
      // payment already carries this hash, and the submission counts as done.
      const current = await this.#client.resolvePayment(payment.blockchainIdentifier);
      if (current.NextAction.resultHash === resultHash || current.resultHash === resultHash) return;
      const state = current.onChainState ?? "no funds locked";
      // In a state that takes results, the service is busy with another action: try again.
      throw new PaymentError(`${error.message} (${state})`, RESULT_STATES.has(state));
    }
  }
}

/** The payment terms as /start_job answers them: the service's values, unchanged. */
function paymentInfo(payment: ServicePayment): PaymentInfo {
  const sellerVKey = payment.SmartContractWallet?.walletVkey;
  const info = {
    blockchainIdentifier: payment.blockchainIdentifier,
    payByTime: milliseconds(payment.payByTime),
    submitResultTime: milliseconds(payment.submitResultTime),
    unlockTime: milliseconds(payment.unlockTime),
    externalDisputeUnlockTime: milliseconds(payment.externalDisputeUnlockTime),
    agentIdentifier: payment.agentIdentifier,
    sellerVKey,
  };
  const missing = Object.entries(info).filter(([, value]) => value === undefined || value === null);
  if (missing.length > 0) {
    const fields = missing.map(([name]) => name).join(", ");
    throw new RequestError(
      "payment_service_error",
      `The payment service answered a payment without ${fields}`,
    );
  }
  return info as PaymentInfo;
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
