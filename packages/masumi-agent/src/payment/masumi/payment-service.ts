import { PaymentError } from "../payment.ts";

/**
 * A client of the Masumi payment service (masumi-network/masumi-payment-service), for the calls a
 * selling agent makes. Only the fields this agent reads are typed.
 */

export type Network = "Preprod" | "Mainnet";

/** Web3CardanoV2 is the default of new installations; older nodes run Web3CardanoV1. */
export type PaymentSourceType = "Web3CardanoV1" | "Web3CardanoV2";

export const PAYMENT_SOURCE_TYPES: readonly PaymentSourceType[] = [
  "Web3CardanoV2",
  "Web3CardanoV1",
];

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
  PaymentSource?: { paymentSourceType?: PaymentSourceType } | null;
}

/** The part of an agent's registry entry that says how it is paid (GET /registry/agent-identifier). */
export interface AgentRegistration {
  Metadata: {
    /** Version 2 entries list their payment sources; version 1 entries have AgentPricing. */
    supportedPaymentSources?: RegisteredPaymentSource[] | null;
  };
}

export interface RegisteredPaymentSource {
  network?: string;
  paymentSourceType?: string;
  pricing?: { pricingType?: string };
}

/** GET /api-key-status: what the key may do. */
export interface ApiKeyStatus {
  permission: "Read" | "ReadAndPay" | "Admin";
  canPay: boolean;
  canAdmin: boolean;
  /** The networks the key may use (every network for an admin key). */
  NetworkLimit: string[];
}

/** A payment source of the node (GET /payment-source): its type and contract address. */
export interface PaymentSourceInfo {
  id: string;
  network: Network;
  paymentSourceType: PaymentSourceType;
  smartContractAddress: string;
}

/** A wallet of the node (GET /wallet/list, admin only): the selling wallet's vkey registers agents. */
export interface WalletInfo {
  id: string;
  paymentSourceId: string;
  type: "Selling" | "Purchasing";
  walletVkey: string;
  walletAddress: string;
}

/**
 * A low-balance rule of a wallet (GET /wallet): the last balance of one asset the service's monitor
 * saw, and the threshold below which it counts as low.
 */
export interface LowBalanceRule {
  /** `lovelace`, or a policy id + asset name. */
  assetUnit: string;
  thresholdAmount: string;
  enabled: boolean;
  status: string;
  /** Null until the monitor has checked. */
  lastKnownAmount: string | null;
}

/** A registry entry as GET /registry and the registry writes answer it. */
export interface RegistryEntry {
  id: string;
  state: string;
  name: string;
  apiBaseUrl: string;
  agentIdentifier: string | null;
  error: string | null;
  updatedAt: string;
}

export interface NewPayment {
  agentIdentifier: string;
  identifierFromPurchaser: string;
  inputHash: string;
  payByTime: Date;
  submitResultTime: Date;
  paymentSourceType: PaymentSourceType;
  /** Web3CardanoV2 only: the position of the priced source in the agent's registration. */
  supportedPaymentSourceIndex: number | undefined;
}

/** A call the service answered with an error (`status`), or that never got an answer. */
export class PaymentServiceError extends PaymentError {
  /** The HTTP status of the answer; undefined when the service could not be reached. */
  readonly status: number | undefined;
  /** The answer's JSON, when there was one. */
  readonly body: unknown;

  constructor(message: string, status: number | undefined, body?: unknown) {
    // Unreachable, overloaded or failing services may recover; a refusal stays a refusal.
    super(message, status === undefined || status === 408 || status === 429 || status >= 500);
    this.name = "PaymentServiceError";
    this.status = status;
    this.body = body;
  }
}

export interface PaymentServiceOptions {
  /** The API base, including /api/v1. */
  url: string;
  /** Sent in the `token` header; never logged. */
  apiKey: string;
  network: Network;
  /** Which of the node's payment sources this agent's payments go through (see listPayments). */
  paymentSourceType: PaymentSourceType;
  timeoutMs?: number;
}

/** Rows per page when listing payments: the most the service gives. */
export const PAGE_SIZE = 100;

export class PaymentServiceClient {
  readonly #url: string;
  readonly #apiKey: string;
  readonly #network: Network;
  readonly #paymentSourceType: PaymentSourceType;
  readonly #timeoutMs: number;

  constructor(options: PaymentServiceOptions) {
    this.#url = options.url.replace(/\/+$/, "");
    this.#apiKey = options.apiKey;
    this.#network = options.network;
    this.#paymentSourceType = options.paymentSourceType;
    this.#timeoutMs = options.timeoutMs ?? 15_000;
  }

  /**
   * Creates a payment. The service answers a repeat of a create it already carried out (its
   * answer was lost) with 409 and the existing payment: that payment is the answer.
   */
  async createPayment(payment: NewPayment): Promise<ServicePayment> {
    const body = createPaymentBody(this.#network, payment);
    try {
      return await this.#call<ServicePayment>("POST", "/payment", body);
    } catch (error) {
      const existing =
        error instanceof PaymentServiceError && error.status === 409 && existingPayment(error.body);
      if (!existing) throw error;
      // Read back as every other answer has it (the 409 carries the raw database row).
      return this.resolvePayment(existing);
    }
  }

  /**
   * One page of this source type's payments, newest first; the page starts with the `cursorId`
   * payment itself. Without the type filter the service lists Web3CardanoV1 payments only.
   */
  async listPayments(cursorId?: string): Promise<ServicePayment[]> {
    const query = new URLSearchParams({
      network: this.#network,
      limit: String(PAGE_SIZE),
      filterPaymentSourceType: this.#paymentSourceType,
    });
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

  /** The agent's registry entry, as its NFT's metadata on chain says. */
  agentRegistration(agentIdentifier: string): Promise<AgentRegistration> {
    const query = new URLSearchParams({ agentIdentifier, network: this.#network });
    return this.#call("GET", `/registry/agent-identifier?${query}`);
  }

  apiKeyStatus(): Promise<ApiKeyStatus> {
    return this.#call("GET", "/api-key-status");
  }

  async paymentSources(): Promise<PaymentSourceInfo[]> {
    const data = await this.#call<{ PaymentSources: PaymentSourceInfo[] }>(
      "GET",
      `/payment-source?take=${PAGE_SIZE}`,
    );
    return data.PaymentSources;
  }

  /** The node's selling wallets; needs an admin key. */
  async sellingWallets(): Promise<WalletInfo[]> {
    const data = await this.#call<{ Wallets: WalletInfo[] }>(
      "GET",
      `/wallet/list?walletType=Selling&take=${PAGE_SIZE}`,
    );
    return data.Wallets;
  }

  /** The low-balance rules of one selling wallet (GET /wallet); needs an admin key. */
  async sellingWalletRules(id: string): Promise<LowBalanceRule[]> {
    const query = new URLSearchParams({ walletType: "Selling", id });
    const data = await this.#call<{ LowBalanceRules?: LowBalanceRule[] }>(
      "GET",
      `/wallet?${query}`,
    );
    return data.LowBalanceRules ?? [];
  }

  /** Registry entries on this network, newest first; `filter` takes the route's filter* names. */
  async registryEntries(filter: Record<string, string>): Promise<RegistryEntry[]> {
    const query = new URLSearchParams({
      network: this.#network,
      limit: String(PAGE_SIZE),
      ...filter,
    });
    const data = await this.#call<{ Assets: RegistryEntry[] }>("GET", `/registry?${query}`);
    return data.Assets;
  }

  /** Requests a registration (POST /registry); the body is built by the caller (V1 or V2). */
  register(body: Record<string, unknown>): Promise<RegistryEntry> {
    return this.#call("POST", "/registry", body);
  }

  /** Requests a V2 update (POST /registry/update); a confirmed update has a new identifier. */
  updateRegistration(body: Record<string, unknown>): Promise<RegistryEntry> {
    return this.#call("POST", "/registry/update", body);
  }

  deregister(agentIdentifier: string): Promise<RegistryEntry> {
    return this.#call("POST", "/registry/deregister", { network: this.#network, agentIdentifier });
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
        json,
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

/** The body of POST /payment. */
export function createPaymentBody(network: Network, payment: NewPayment): Record<string, unknown> {
  return {
    network,
    agentIdentifier: payment.agentIdentifier,
    identifierFromPurchaser: payment.identifierFromPurchaser,
    inputHash: payment.inputHash,
    // The service takes ISO dates here and answers milliseconds.
    payByTime: payment.payByTime.toISOString(),
    submitResultTime: payment.submitResultTime.toISOString(),
    paymentSourceType: payment.paymentSourceType,
    // V2 requires the index and V1 refuses it.
    ...(payment.supportedPaymentSourceIndex === undefined
      ? {}
      : { supportedPaymentSourceIndex: payment.supportedPaymentSourceIndex }),
  };
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

/** The blockchain identifier of the payment a 409 names: `{..., id, object: {blockchainIdentifier}}`. */
function existingPayment(json: unknown): string | undefined {
  if (!isObject(json) || !isObject(json.object)) return undefined;
  const { blockchainIdentifier } = json.object;
  return typeof blockchainIdentifier === "string" && blockchainIdentifier !== ""
    ? blockchainIdentifier
    : undefined;
}
