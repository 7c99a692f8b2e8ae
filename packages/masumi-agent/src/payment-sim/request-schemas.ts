/**
 * The input of each route, checked field by field in the order of the real zod schemas
 * (src/routes/api/payments/schemas.ts, submit-result/index.ts, resolve-blockchain-identifier/index.ts,
 * webhooks/index.ts of masumi-payment-service), so the 400 messages come out the same.
 * Unknown fields are ignored, as zod objects strip them.
 */
import {
  Issues,
  checkArray,
  checkCoercedNumber,
  checkEnum,
  checkIsoDate,
  checkObject,
  checkString,
} from "./field-checks.js";
import { isAddressOf } from "./addresses.js";
import { REGISTRY_STEPS, type RegistryStep } from "./registry.js";
import {
  NETWORKS,
  ON_CHAIN_STATES,
  PAYMENT_SOURCE_TYPES,
  type Amount,
  type Network,
  type OnChainState,
  type PaymentSourceType,
} from "./model.js";

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** The value is only handed out when no check failed, so every required field in it is set. */
function finish<T>(issues: Issues, value: T): Parsed<T> {
  return issues.empty ? { ok: true, value } : { ok: false, message: issues.toString() };
}

/** The create-payment fields' defaults when absent: 12:00 UTC on 1970-01-01, as the real schema has. */
const DEFAULT_TIME = 1000 * 60 * 60 * 12;

export interface CreatePaymentInput {
  inputHash: string;
  network: Network;
  agentIdentifier: string;
  requestedFunds: Amount[] | undefined;
  payByTime: number;
  submitResultTime: number;
  unlockTime: number | undefined;
  externalDisputeUnlockTime: number | undefined;
  metadata: string | undefined;
  identifierFromPurchaser: string;
  paymentSourceType: PaymentSourceType | undefined;
  supportedPaymentSourceIndex: number | undefined;
  sellerReturnAddress: string | undefined;
}

/** `z.number().int().min(min).max(max)`. */
function checkInteger(issues: Issues, path: string, value: unknown, min: number, max: number): number | undefined {
  if (typeof value !== "number" || Number.isNaN(value)) {
    issues.add(
      path,
      `Invalid input: expected number, received ${value === null ? "null" : Array.isArray(value) ? "array" : typeof value}`,
    );
  } else if (!Number.isInteger(value)) issues.add(path, "Invalid input: expected int, received number");
  else if (value < min) issues.add(path, `Too small: expected number to be >=${min}`);
  else if (value > max) issues.add(path, `Too big: expected number to be <=${max}`);
  else return value;
  return undefined;
}

function optional<T>(value: unknown, check: (value: unknown) => T | undefined): T | undefined {
  return value === undefined ? undefined : check(value);
}

export function parseCreatePayment(body: Record<string, unknown>): Parsed<CreatePaymentInput> {
  const issues = new Issues();
  const value = {
    inputHash: checkString(issues, "inputHash", body.inputHash, { max: 250 }),
    network: checkEnum(issues, "network", body.network, NETWORKS),
    agentIdentifier: checkString(issues, "agentIdentifier", body.agentIdentifier, { min: 57, max: 250 }),
    requestedFunds: optional(body.RequestedFunds, (funds) =>
      checkArray(issues, "RequestedFunds", funds, { max: 7 }, (path, item) => {
        const fund = checkObject(issues, path, item);
        if (fund === undefined) return undefined;
        const amount = checkString(issues, `${path}.amount`, fund.amount, { max: 25 });
        const unit = checkString(issues, `${path}.unit`, fund.unit, { max: 150 });
        return amount === undefined || unit === undefined ? undefined : { amount, unit };
      }),
    ),
    payByTime: body.payByTime === undefined ? DEFAULT_TIME : checkIsoDate(issues, "payByTime", body.payByTime),
    submitResultTime:
      body.submitResultTime === undefined
        ? DEFAULT_TIME
        : checkIsoDate(issues, "submitResultTime", body.submitResultTime),
    unlockTime: optional(body.unlockTime, (time) => checkIsoDate(issues, "unlockTime", time)),
    externalDisputeUnlockTime: optional(body.externalDisputeUnlockTime, (time) =>
      checkIsoDate(issues, "externalDisputeUnlockTime", time),
    ),
    metadata: optional(body.metadata, (metadata) => checkString(issues, "metadata", metadata)),
    identifierFromPurchaser: checkString(issues, "identifierFromPurchaser", body.identifierFromPurchaser, {
      min: 14,
      max: 26,
    }),
    paymentSourceType: optional(body.paymentSourceType, (type) =>
      checkEnum(issues, "paymentSourceType", type, PAYMENT_SOURCE_TYPES),
    ),
    supportedPaymentSourceIndex: optional(body.supportedPaymentSourceIndex, (index) =>
      checkInteger(issues, "supportedPaymentSourceIndex", index, 0, 24),
    ),
    sellerReturnAddress: optional(body.sellerReturnAddress, (address) =>
      checkString(issues, "sellerReturnAddress", address),
    ),
  };
  // The schema's refinement, run once the fields themselves are valid.
  if (
    issues.empty &&
    value.sellerReturnAddress !== undefined &&
    !isAddressOf(value.network!, value.sellerReturnAddress)
  ) {
    issues.add("sellerReturnAddress", "sellerReturnAddress is not a valid Cardano address for the configured network");
  }
  return finish(issues, value as CreatePaymentInput);
}

/** The filters GET /payment and GET /payment/count share. */
export interface PaymentFilter {
  network: Network;
  filterSmartContractAddress: string | undefined;
  filterPaymentSourceType: PaymentSourceType | undefined;
  filterOnChainState: OnChainState | undefined;
  filterNeedsManualAction: boolean;
  searchQuery: string | undefined;
}

export interface ListPaymentsInput extends PaymentFilter {
  limit: number;
  cursorId: string | undefined;
  includeHistory: boolean;
}

function checkPaymentFilter(issues: Issues, query: Record<string, unknown>): Partial<PaymentFilter> {
  return {
    network: checkEnum(issues, "network", query.network, NETWORKS),
    filterSmartContractAddress: optional(query.filterSmartContractAddress, (address) =>
      checkString(issues, "filterSmartContractAddress", address),
    ),
    filterPaymentSourceType: optional(query.filterPaymentSourceType, (type) =>
      checkEnum(issues, "filterPaymentSourceType", type, PAYMENT_SOURCE_TYPES),
    ),
    filterOnChainState: optional(query.filterOnChainState, (state) =>
      checkEnum(issues, "filterOnChainState", state, ON_CHAIN_STATES),
    ),
    filterNeedsManualAction:
      optional(query.filterNeedsManualAction, (flag) => checkString(issues, "filterNeedsManualAction", flag)) ===
      "true",
    searchQuery: optional(query.searchQuery, (text) => checkString(issues, "searchQuery", text)),
  };
}

export function parseCountPayments(query: Record<string, unknown>): Parsed<PaymentFilter> {
  const issues = new Issues();
  return finish(issues, checkPaymentFilter(issues, query) as PaymentFilter);
}

/** `includeHistory` is a string field ("true"/"false") in the real schemas, even in JSON bodies. */
function checkIncludeHistory(issues: Issues, value: unknown): boolean {
  return optional(value, (flag) => checkString(issues, "includeHistory", flag))?.toLowerCase() === "true";
}

export function parseListPayments(query: Record<string, unknown>): Parsed<ListPaymentsInput> {
  const issues = new Issues();
  const value = {
    limit: checkCoercedNumber(issues, "limit", query.limit, { min: 1, max: 100, fallback: 10 }),
    cursorId: optional(query.cursorId, (cursor) => checkString(issues, "cursorId", cursor)),
    ...checkPaymentFilter(issues, query),
    includeHistory: checkIncludeHistory(issues, query.includeHistory),
  };
  return finish(issues, value as ListPaymentsInput);
}

export interface ResolvePaymentInput {
  blockchainIdentifier: string;
  network: Network;
  includeHistory: boolean;
}

export function parseResolvePayment(body: Record<string, unknown>): Parsed<ResolvePaymentInput> {
  const issues = new Issues();
  const value = {
    blockchainIdentifier: checkString(issues, "blockchainIdentifier", body.blockchainIdentifier, { min: 1 }),
    network: checkEnum(issues, "network", body.network, NETWORKS),
    includeHistory: checkIncludeHistory(issues, body.includeHistory),
  };
  return finish(issues, value as ResolvePaymentInput);
}

export interface SubmitResultInput {
  network: Network;
  submitResultHash: string;
  blockchainIdentifier: string;
}

const SHA256_HEX = /^[0-9a-fA-F]{64}$/;

export function parseSubmitResult(body: Record<string, unknown>): Parsed<SubmitResultInput> {
  const issues = new Issues();
  const network = checkEnum(issues, "network", body.network, NETWORKS);
  // `.length(64).regex(...)`: zod reports both a wrong length and the pattern when both fail.
  let submitResultHash = checkString(issues, "submitResultHash", body.submitResultHash, { min: 64, max: 64 });
  if (typeof body.submitResultHash === "string" && !SHA256_HEX.test(body.submitResultHash)) {
    issues.add("submitResultHash", "submitResultHash must be a 64-char hex sha256 digest");
    submitResultHash = undefined;
  }
  const blockchainIdentifier = checkString(issues, "blockchainIdentifier", body.blockchainIdentifier, {
    min: 1,
    max: 8000,
  });
  return finish(issues, { network, submitResultHash, blockchainIdentifier } as SubmitResultInput);
}

export const WEBHOOK_EVENT_TYPES = [
  "PURCHASE_ON_CHAIN_STATUS_CHANGED",
  "PAYMENT_ON_CHAIN_STATUS_CHANGED",
  "PURCHASE_ON_ERROR",
  "PAYMENT_ON_ERROR",
  "WALLET_LOW_BALANCE",
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export interface RegisterWebhookInput {
  url: string;
  authToken: string;
  Events: WebhookEventType[];
  name: string | undefined;
  paymentSourceId: string | null | undefined;
}

/** The registration body (webhooks/index.ts): the event list is `Events`, capital E. */
export function parseRegisterWebhook(body: Record<string, unknown>): Parsed<RegisterWebhookInput> {
  const issues = new Issues();
  let url = checkString(issues, "url", body.url, { max: 500 });
  if (url !== undefined && !URL.canParse(url)) {
    issues.add("url", "Invalid URL");
    url = undefined;
  }
  const value = {
    url,
    authToken: checkString(issues, "authToken", body.authToken, { min: 10, max: 200 }),
    Events: checkArray(issues, "Events", body.Events, { min: 1, max: 10 }, (path, event) =>
      checkEnum(issues, path, event, WEBHOOK_EVENT_TYPES),
    ),
    name: optional(body.name, (name) => checkString(issues, "name", name, { max: 100 })),
    paymentSourceId:
      body.paymentSourceId === null
        ? null
        : optional(body.paymentSourceId, (id) => checkString(issues, "paymentSourceId", id)),
  };
  return finish(issues, value as RegisterWebhookInput);
}

/** The simulator's own admin route: `{"onChainState": "FundsLocked"}`. */
export function parseStateChange(body: Record<string, unknown>): Parsed<{ onChainState: OnChainState }> {
  const issues = new Issues();
  const onChainState = checkEnum(issues, "onChainState", body.onChainState, ON_CHAIN_STATES);
  return finish(issues, { onChainState } as { onChainState: OnChainState });
}

export const SIMULATION_STEPS = ["lock", "submit-initiated", "result-submitted", "withdrawn"] as const;
export type SimulationStep = (typeof SIMULATION_STEPS)[number];

/** The simulator's own admin route: `{"step": "lock"}`. */
export function parseSimulationStep(body: Record<string, unknown>): Parsed<{ step: SimulationStep }> {
  const issues = new Issues();
  const step = checkEnum(issues, "step", body.step, SIMULATION_STEPS);
  return finish(issues, { step } as { step: SimulationStep });
}

/** The simulator's own admin route: `{"advanceMs": 360000}`. */
export function parseAdvanceClock(body: Record<string, unknown>): Parsed<{ advanceMs: number }> {
  const issues = new Issues();
  const advanceMs = body.advanceMs;
  if (typeof advanceMs !== "number" || !Number.isInteger(advanceMs) || advanceMs < 0) {
    issues.add("advanceMs", "expected a whole number of milliseconds >= 0");
  }
  return finish(issues, { advanceMs } as { advanceMs: number });
}

/** The simulator's own admin route: `{"step": "registration-initiated", "agentIdentifier"?: "..."}`. */
export function parseRegistryStep(
  body: Record<string, unknown>,
): Parsed<{ step: RegistryStep; agentIdentifier: string | undefined }> {
  const issues = new Issues();
  const step = checkEnum(issues, "step", body.step, Object.keys(REGISTRY_STEPS) as RegistryStep[]);
  const agentIdentifier = optional(body.agentIdentifier, (identifier) =>
    checkString(issues, "agentIdentifier", identifier, { min: 57, max: 250 }),
  );
  return finish(issues, { step, agentIdentifier } as { step: RegistryStep; agentIdentifier: string | undefined });
}
