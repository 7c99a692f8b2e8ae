/**
 * The payment-service routes a selling agent uses (src/routes/api/index.ts of
 * masumi-payment-service): health, create / list / resolve a payment, submit a result, and
 * register a webhook. All but health need the `token` header.
 */
import { HttpError } from "./http-io.js";
import type { Network, PaymentRecord } from "./model.js";
import { paymentJson } from "./payment-json.js";
import { checkCreatePayment } from "./payment-rules.js";
import type { PaymentStore } from "./payment-store.js";
import {
  parseCreatePayment,
  parseListPayments,
  parseRegisterWebhook,
  parseResolvePayment,
  parseSubmitResult,
} from "./request-schemas.js";
import { inputOrFail, type Route } from "./router.js";
import type { SellerProfile } from "./seller-profile.js";
import { acceptsResult } from "./state-machine.js";
import type { WebhookRegistry } from "./webhooks.js";

export interface ApiContext {
  store: PaymentStore;
  seller: SellerProfile;
  webhooks: WebhookRegistry;
  paymentCreated(payment: PaymentRecord): void;
  resultSubmitted(payment: PaymentRecord, resultHash: string, network: Network): void;
}

export function apiRoutes(context: ApiContext): Route[] {
  const { store, seller } = context;
  return [
    {
      method: "GET",
      path: "/api/v1/health",
      authenticated: false,
      handle: () => ({ status: "ok" }),
    },
    {
      method: "POST",
      path: "/api/v1/payment",
      authenticated: true,
      handle: ({ body }) => {
        const input = inputOrFail(parseCreatePayment(body));
        const times = inputOrFail(checkCreatePayment(input, Date.now()));
        const payment = store.create({ ...input, ...times });
        context.paymentCreated(payment);
        return paymentJson(payment, seller, "omit");
      },
    },
    {
      method: "GET",
      path: "/api/v1/payment",
      authenticated: true,
      handle: ({ query }) => {
        const input = inputOrFail(parseListPayments(query));
        const history = input.includeHistory ? "include" : "null";
        return { Payments: store.page(input).map((payment) => paymentJson(payment, seller, history)) };
      },
    },
    {
      method: "POST",
      path: "/api/v1/payment/resolve-blockchain-identifier",
      authenticated: true,
      handle: ({ body }) => {
        const input = inputOrFail(parseResolvePayment(body));
        const payment = store.findOnNetwork(input.blockchainIdentifier, input.network);
        if (!payment) throw new HttpError(404, "Payment not found");
        return paymentJson(payment, seller, input.includeHistory ? "include" : "null");
      },
    },
    {
      method: "POST",
      path: "/api/v1/payment/submit-result",
      authenticated: true,
      handle: ({ body }) => {
        const input = inputOrFail(parseSubmitResult(body));
        const payment = store.findOnNetwork(input.blockchainIdentifier, input.network);
        // The real query: a result-accepting state, nothing else pending, and a confirmed transaction.
        const acceptable =
          payment !== undefined &&
          acceptsResult(payment.onChainState) &&
          payment.nextAction.requestedAction === "WaitingForExternalAction" &&
          payment.currentTransaction !== null;
        if (!acceptable) throw new HttpError(404, "Payment not found or in invalid state");
        store.requestResult(payment, input.submitResultHash);
        context.resultSubmitted(payment, input.submitResultHash, input.network);
        return paymentJson(payment, seller, "omit");
      },
    },
    {
      method: "POST",
      path: "/api/v1/webhooks",
      authenticated: true,
      handle: ({ body }) => context.webhooks.register(inputOrFail(parseRegisterWebhook(body))),
    },
  ];
}
