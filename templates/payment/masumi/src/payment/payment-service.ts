import { PaymentError } from "./payment.ts";

/**
 * A client of the Masumi payment service (masumi-network/masumi-payment-service), for the calls a
 * selling agent makes. Only the fields this agent reads are typed.
 */

export type Network = "Preprod" | "Mainnet";

export type OnChainState =
  | "FundsLocked"
  | "FundsOrDatumInvalid"
  | "ResultSubmitted"
  | "RefundRequested"
  | "Disputed"
  | "WithdrawAuthorized"
  | "RefundAuthorized"
  | "Withdrawn"
  | "RefundWithdrawn"
  | "DisputedWithdrawn";

/** A payment as the service answers it: times are strings of Unix milliseconds. */
export interface ServicePayment {
  id: string;
  blockchainIdentifier: string;
  agentIdentifier: string | null;
  payByTime: string | null;
  submitResultTime: string;
  unlockTime: string;
  externalDisputeUnlockTime: string;
  resultHash: string | null;
  onChainState: OnChainState | null;
  NextAction: { requestedAction: string; resultHash: string | null };
  SmartContractWallet: { walletVkey: string } | null;
}

export interface NewPayment {
  agentIdentifier: string;
  identifierFromPurchaser: string;
  inputHash: string;
  payByTime: Date;
  submitResultTime: Date;
}

/** A call the service answered with an error (`status`), or that never got an answer. */
export class PaymentServiceError extends PaymentError {
  /** The HTTP status of the answer; undefined when the service could not be reached. */
  readonly status: number | undefined;

  constructor(message: string, status: number | undefined) {
    // Unreachable, overloaded or failing services may recover; a refusal stays a refusal.
    super(message, status === undefined || status === 408 || status === 429 || status >= 500);
    this.name = "PaymentServiceError";
    this.status = status;
  }
}

export interface PaymentServiceOptions {
  /** The API base, including /api/v1. */
  url: string;
  /** Sent in the `token` header; never logged. */
  apiKey: string;
  network: Network;
  timeoutMs?: number;
}

/** Rows per page when listing payments: the most the service gives. */
export const PAGE_SIZE = 100;

export class PaymentServiceClient {
  readonly #url: string;
  readonly #apiKey: string;
  readonly #network: Network;
  readonly #timeoutMs: number;

  constructor(options: PaymentServiceOptions) {
    this.#url = options.url.replace(/\/+$/, "");
    this.#apiKey = options.apiKey;
    this.#network = options.network;
    this.#timeoutMs = options.timeoutMs ?? 15_000;
  }

  createPayment(payment: NewPayment): Promise<ServicePayment> {
    return this.#call("POST", "/payment", {
      network: this.#network,
      agentIdentifier: payment.agentIdentifier,
      identifierFromPurchaser: payment.identifierFromPurchaser,
      inputHash: payment.inputHash,
      // The service takes ISO dates here and answers milliseconds.
      payByTime: payment.payByTime.toISOString(),
      submitResultTime: payment.submitResultTime.toISOString(),
    });
  }

  /** One page of payments, newest first; the page starts with the `cursorId` payment itself. */
  async listPayments(cursorId?: string): Promise<ServicePayment[]> {
    const query = new URLSearchParams({ network: this.#network, limit: String(PAGE_SIZE) });
    if (cursorId) query.set("cursorId", cursorId);
    const data = await this.#call<{ Payments: ServicePayment[] }>("GET", `/payment?${query}`);
    return data.Payments;
  }

  resolvePayment(blockchainIdentifier: string): Promise<ServicePayment> {
    return this.#call("POST", "/payment/resolve-blockchain-identifier", {
      network: this.#network,
      blockchainIdentifier,
    });
  }

  submitResult(blockchainIdentifier: string, resultHash: string): Promise<ServicePayment> {
    return this.#call("POST", "/payment/submit-result", {
      network: this.#network,
      blockchainIdentifier,
      submitResultHash: resultHash,
    });
  }

  async #call<T>(method: "GET" | "POST", path: string, body?: unknown): Promise<T> {
    const route = `${method} ${path.split("?")[0]}`;
    let response: Response;
    try {
      response = await fetch(`${this.#url}${path}`, {
        method,
        headers: {
          token: this.#apiKey,
          accept: "application/json",
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
    } catch (error) {
      const reason = error instanceof Error ? (error.cause ?? error).toString() : String(error);
      throw new PaymentServiceError(
        `The payment service at ${this.#url} cannot be reached (${route}): ${reason}`,
        undefined,
      );
    }
    const text = await response.text();
    const json = parseJson(text);
    if (!response.ok) {
      const message = serviceMessage(json) ?? (text.slice(0, 200) || response.statusText);
      throw new PaymentServiceError(
        `The payment service answered ${response.status} to ${route}: ${message}`,
        response.status,
      );
    }
    if (!isObject(json) || !isObject(json.data)) {
      throw new PaymentServiceError(
        `The payment service answered ${route} without data`,
        response.status,
      );
    }
    return json.data as T;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/** The service's error envelope: `{status: "error", error: {message}}`. */
function serviceMessage(json: unknown): string | undefined {
  if (!isObject(json) || !isObject(json.error)) return undefined;
  return typeof json.error.message === "string" ? json.error.message : undefined;
}
