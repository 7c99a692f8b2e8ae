import type { EnvReader } from "../../env.ts";
import type { PaymentContext, PaymentProvider } from "../payment.ts";
import { SimulatedPayment } from "./simulated.ts";

/** This agent simulates payments: the whole paid flow, without Cardano or a payment service. */
export interface PaymentConfig {
  mode: "simulated";
  /** How long after a job starts its payment counts as locked. */
  delayMs: number;
}

export function readPaymentConfig(env: EnvReader): PaymentConfig {
  return {
    mode: "simulated",
    delayMs: env.integer("SIMULATED_PAYMENT_DELAY_MS", 1000, { min: 0, max: 3_600_000 }),
  };
}

export function createPaymentProvider(
  config: PaymentConfig,
  context: PaymentContext,
): PaymentProvider {
  return new SimulatedPayment({
    delayMs: config.delayMs,
    publicKey: context.signer.publicKey,
    agentIdentifier: context.agentIdentifier,
  });
}
