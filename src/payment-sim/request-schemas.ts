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
import { NETWORKS, ON_CHAIN_STATES, type Amount, type Network, type OnChainState } from "./model.js";

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
  };
  return finish(issues, value as CreatePaymentInput);
}

export interface ListPaymentsInput {
  limit: number;
  cursorId: string | undefined;
  network: Network;
  filterOnChainState: OnChainState | undefined;
  includeHistory: boolean;
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
    network: checkEnum(issues, "network", query.network, NETWORKS),
    filterOnChainState: optional(query.filterOnChainState, (state) =>
      checkEnum(issues, "filterOnChainState", state, ON_CHAIN_STATES),
    ),
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
    blockchainIdentifier: checkString(issues, "blockchainIdentifier", body.blockchainIdentifier),
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
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export interface RegisterWebhookInput {
  url: string;
  authToken: string;
  events: WebhookEventType[];
  name: string | undefined;
  paymentSourceId: string | null | undefined;
}

/** The documented registration body (docs/webhook-events.md, webhooks/index.ts). */
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
    events: checkArray(issues, "events", body.events, { min: 1, max: 10 }, (path, event) =>
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
