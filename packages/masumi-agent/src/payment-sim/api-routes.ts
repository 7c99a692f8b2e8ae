/**
 * The payment-service routes a selling agent uses (src/routes/api/index.ts of
 * masumi-payment-service): health, API key status, create / list / count / resolve a payment,
 * submit a result, and register a webhook.
 */
import { apiKeyStatusJson } from "./api-keys.js";
import type { Catalog } from "./catalog.js";
import { HttpError } from "./http-io.js";
import type { Network, PaymentRecord } from "./model.js";
import { paymentJson } from "./payment-json.js";
import { settlePaymentTerms } from "./payment-rules.js";
import type { PaymentStore } from "./payment-store.js";
import {
  parseCountPayments,
  parseCreatePayment,
  parseListPayments,
  parseRegisterWebhook,
  parseResolvePayment,
  parseSubmitResult,
} from "./request-schemas.js";
import { inputOrFail, type Route } from "./router.js";
import { acceptsResult } from "./state-machine.js";
import type { WebhookRegistry } from "./webhooks.js";

export interface ApiContext {
  store: PaymentStore;
  catalog: Catalog;
  webhooks: WebhookRegistry;
  now(): number;
  paymentCreated(payment: PaymentRecord): void;
  resultSubmitted(payment: PaymentRecord, resultHash: string, network: Network): void;
}

/** The 409 of an identical repeated create: the existing payment comes with it (HttpExistsError). */
export class PaymentExistsError extends HttpError {
  constructor(readonly payment: PaymentRecord) {
    super(409, "Payment exists");
  }
}

export function apiRoutes(context: ApiContext): Route[] {
  const { store, catalog } = context;
  return [
    {
      method: "GET",
      path: "/api/v1/health",
      access: "none",
      handle: () => ({ status: "ok" }),
    },
    {
      method: "GET",
      path: "/api/v1/api-key-status",
      access: "read",
      handle: ({ key }) => apiKeyStatusJson(key!),
    },
    {
      method: "POST",
      path: "/api/v1/payment",
      access: "pay",
      handle: ({ body, key }) => {
        const input = inputOrFail(parseCreatePayment(body));
        const terms = settlePaymentTerms(input, catalog, context.now());
        const request = {
          ...input,
          ...terms,
          requestedById: key!.id,
        };
        const existing = store.existing(request);
        if (existing) throw new PaymentExistsError(existing);
        const payment = store.create(request);
        context.paymentCreated(payment);
        return paymentJson(payment, "omit");
      },
    },
    {
      method: "GET",
      path: "/api/v1/payment",
      access: "read",
      handle: ({ query }) => {
        const input = inputOrFail(parseListPayments(query));
        const history = input.includeHistory ? "include" : "null";
        return { Payments: store.page(input).map((payment) => paymentJson(payment, history)) };
      },
    },
    {
      method: "GET",
      path: "/api/v1/payment/count",
      access: "read",
      handle: ({ query }) => ({ total: store.count(inputOrFail(parseCountPayments(query))) }),
    },
    {
      method: "POST",
      path: "/api/v1/payment/resolve-blockchain-identifier",
      access: "read",
      handle: ({ body }) => {
        const input = inputOrFail(parseResolvePayment(body));
        const payment = store.findOnNetwork(input.blockchainIdentifier, input.network);
        if (!payment) throw new HttpError(404, "Payment not found");
        return paymentJson(payment, input.includeHistory ? "include" : "null");
      },
    },
    {
      method: "POST",
      path: "/api/v1/payment/submit-result",
      access: "pay",
      handle: ({ body, key }) => {
        const input = inputOrFail(parseSubmitResult(body));
        const payment = store.findOnNetwork(input.blockchainIdentifier, input.network);
        if (!payment) throw new HttpError(404, "Payment not found or in invalid state");
        // Whose payment it is comes first (recorded: a pay key gets 403 for an unpaid payment too).
        if (key!.permission !== "Admin" && payment.requestedById !== key!.id) {
          throw new HttpError(403, "You are not authorized to submit results for this payment");
        }
        // The real query: a result-accepting state, nothing else pending, and a confirmed transaction.
        const acceptable =
          acceptsResult(payment.onChainState) &&
          payment.nextAction.requestedAction === "WaitingForExternalAction" &&
          payment.currentTransaction?.status === "Confirmed";
        if (!acceptable) throw new HttpError(404, "Payment not found or in invalid state");
        store.requestResult(payment, input.submitResultHash);
        context.resultSubmitted(payment, input.submitResultHash, input.network);
        return paymentJson(payment, "omit");
      },
    },
    {
      method: "POST",
      path: "/api/v1/webhooks",
      access: "pay",
      handle: ({ body }) => context.webhooks.register(inputOrFail(parseRegisterWebhook(body))),
    },
  ];
}
