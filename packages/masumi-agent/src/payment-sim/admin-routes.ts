/**
 * The simulator's own control routes, which the real service does not have: they play the buyer,
 * the chain and the service's background jobs. They take an admin key in the `token` header.
 *
 * - `POST /admin/payments/<id or blockchainIdentifier>/state {"onChainState":"FundsLocked"}` moves
 *   a payment to an on-chain state (FundsLocked = the buyer paid).
 * - `POST /admin/payments/<id or blockchainIdentifier>/simulate {"step": ...}` runs one chain step
 *   as the real service records it: "lock" (the buyer's funds are confirmed), "submit-initiated"
 *   (the requested result's transaction is sent), "result-submitted" (it is confirmed: state
 *   ResultSubmitted, seller cooldown), "withdrawn" (the seller collected).
 * - `POST /admin/registry/<registration id>/simulate {"step": ..., "agentIdentifier"?: ...}` runs one
 *   step of the registry jobs and the chain: "registration-initiated" (minted, identifier set; the
 *   optional agentIdentifier fixes it), "registration-confirmed", "registration-failed",
 *   "deregistration-initiated", "deregistration-confirmed", "update-confirmed".
 * - `POST /admin/clock {"advanceMs": n}` moves the simulator's clock forward, e.g. past a payByTime.
 */
import { HttpError } from "./http-io.js";
import { paymentJson } from "./payment-json.js";
import { TransitionError, type PaymentStore } from "./payment-store.js";
import { RegistryStepError, registryJson, type Registry } from "./registry.js";
import {
  parseAdvanceClock,
  parseRegistryStep,
  parseSimulationStep,
  parseStateChange,
  type SimulationStep,
} from "./request-schemas.js";
import { inputOrFail, type Route } from "./router.js";
import type { PaymentRecord } from "./model.js";

export const ADMIN_STATE_PATH = "/admin/payments/:payment/state";
export const ADMIN_SIMULATE_PATH = "/admin/payments/:payment/simulate";

export interface AdminContext {
  store: PaymentStore;
  registry: Registry;
  advanceClock(ms: number): number;
}

/** What each simulation step does to a payment. */
export function simulationSteps(store: PaymentStore): Record<SimulationStep, (payment: PaymentRecord) => void> {
  return {
    lock: (payment) => store.lock(payment),
    "submit-initiated": (payment) => store.initiateResult(payment),
    "result-submitted": (payment) => store.confirmResult(payment),
    withdrawn: (payment) => store.withdraw(payment),
  };
}

export function adminRoutes({ store, registry, advanceClock }: AdminContext): Route[] {
  const steps = simulationSteps(store);
  const onPayment = (reference: string | undefined, change: (payment: PaymentRecord) => void) => {
    const payment = store.find(reference ?? "");
    if (!payment) throw new HttpError(404, "Payment not found");
    try {
      change(payment);
    } catch (error) {
      if (error instanceof TransitionError) throw new HttpError(409, error.message);
      throw error;
    }
    return paymentJson(payment, "include");
  };
  return [
    {
      method: "POST",
      path: ADMIN_STATE_PATH,
      access: "admin",
      handle: ({ body, params }) => {
        const { onChainState } = inputOrFail(parseStateChange(body));
        return onPayment(params.payment, (payment) => store.transition(payment, onChainState));
      },
    },
    {
      method: "POST",
      path: ADMIN_SIMULATE_PATH,
      access: "admin",
      handle: ({ body, params }) => {
        const { step } = inputOrFail(parseSimulationStep(body));
        return onPayment(params.payment, steps[step]);
      },
    },
    {
      method: "POST",
      path: "/admin/registry/:id/simulate",
      access: "admin",
      handle: ({ body, params }) => {
        const { step, agentIdentifier } = inputOrFail(parseRegistryStep(body));
        const entry = registry.byId(params.id ?? "");
        if (!entry) throw new HttpError(404, "Agent Registration not found");
        try {
          registry.step(entry, step, agentIdentifier);
        } catch (error) {
          if (error instanceof RegistryStepError) throw new HttpError(409, error.message);
          throw error;
        }
        return registryJson(entry);
      },
    },
    {
      method: "POST",
      path: "/admin/clock",
      access: "admin",
      handle: ({ body }) => {
        const now = advanceClock(inputOrFail(parseAdvanceClock(body)).advanceMs);
        return { now: new Date(now).toISOString() };
      },
    },
  ];
}

/** The URL of the state route for one payment. */
export function adminStateUrl(baseUrl: string, paymentId: string): string {
  return baseUrl + ADMIN_STATE_PATH.replace(":payment", encodeURIComponent(paymentId));
}
