import type { EnvReader } from "../../env.ts";
import { FreePayment } from "./free.ts";
import type { PaymentContext, PaymentProvider } from "../payment.ts";

/** This agent is free: jobs run as soon as they start. */
export interface PaymentConfig {
  mode: "free";
}

export function readPaymentConfig(_env: EnvReader): PaymentConfig {
  return { mode: "free" };
}

export function createPaymentProvider(
  _config: PaymentConfig,
  context: PaymentContext,
): PaymentProvider {
  return new FreePayment(context.agentIdentifier);
}
