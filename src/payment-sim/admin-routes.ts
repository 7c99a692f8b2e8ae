/**
 * The simulator's own control route, which the real service does not have: it plays the buyer and
 * the chain, e.g. `POST /admin/payments/<id or blockchainIdentifier>/state {"onChainState":"FundsLocked"}`
 * marks a payment as paid. It takes the same `token` header as the API.
 */
import { HttpError } from "./http-io.js";
import { paymentJson } from "./payment-json.js";
import { TransitionError, type PaymentStore } from "./payment-store.js";
import { parseStateChange } from "./request-schemas.js";
import { inputOrFail, type Route } from "./router.js";
import type { SellerProfile } from "./seller-profile.js";

export const ADMIN_STATE_PATH = "/admin/payments/:payment/state";

export function adminRoutes(store: PaymentStore, seller: SellerProfile): Route[] {
  return [
    {
      method: "POST",
      path: ADMIN_STATE_PATH,
      authenticated: true,
      handle: ({ body, params }) => {
        const { onChainState } = inputOrFail(parseStateChange(body));
        const payment = store.find(params.payment ?? "");
        if (!payment) throw new HttpError(404, "Payment not found");
        try {
          store.transition(payment, onChainState);
        } catch (error) {
          if (error instanceof TransitionError) throw new HttpError(409, error.message);
          throw error;
        }
        return paymentJson(payment, seller, "null");
      },
    },
  ];
}

/** The URL of the state route for one payment. */
export function adminStateUrl(baseUrl: string, paymentId: string): string {
  return baseUrl + ADMIN_STATE_PATH.replace(":payment", encodeURIComponent(paymentId));
}
