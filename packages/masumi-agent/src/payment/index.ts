import type { EnvReader } from "../env.ts";
import * as free from "./free/index.ts";
import * as masumi from "./masumi/index.ts";
import type { PaymentContext, PaymentProvider } from "./payment.ts";
import * as simulated from "./simulated/index.ts";

/** How an agent's jobs get paid; the project's src/main.ts names one. */
export const PAYMENT_MODES = ["free", "simulated", "masumi"] as const;
export type PaymentMode = (typeof PAYMENT_MODES)[number];

export type PaymentConfig = free.PaymentConfig | simulated.PaymentConfig | masumi.PaymentConfig;

interface PaymentModule<C extends PaymentConfig> {
  readPaymentConfig(env: EnvReader): C;
  /** The Masumi mode checks its settings against the payment service first, hence a promise. */
  createPaymentProvider(config: C, context: PaymentContext): PaymentProvider | Promise<PaymentProvider>;
}

const MODES: { [M in PaymentMode]: PaymentModule<Extract<PaymentConfig, { mode: M }>> } = {
  free,
  simulated,
  masumi,
};

export function readPaymentConfig(mode: PaymentMode, env: EnvReader): PaymentConfig {
  return MODES[mode].readPaymentConfig(env);
}

export async function createPaymentProvider(
  config: PaymentConfig,
  context: PaymentContext,
): Promise<PaymentProvider> {
  // The map pairs each mode with the module that reads that mode's config.
  const module = MODES[config.mode] as PaymentModule<PaymentConfig>;
  return module.createPaymentProvider(config, context);
}
