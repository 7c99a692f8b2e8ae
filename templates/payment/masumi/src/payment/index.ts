import type { EnvReader } from "../env.ts";
import { MasumiPayment } from "./masumi.ts";
import type { PaymentContext, PaymentProvider } from "./payment.ts";
import { PaymentServiceClient, type Network } from "./payment-service.ts";

/** This agent is paid through the Masumi payment service; see .env.example. */
export interface PaymentConfig {
  mode: "masumi";
  /** The service's API base, including /api/v1. */
  serviceUrl: string;
  apiKey: string;
  agentIdentifier: string;
  network: Network;
  payByWindowMs: number;
  submitResultWindowMs: number;
  pollIntervalMs: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export function readPaymentConfig(env: EnvReader): PaymentConfig {
  const config: PaymentConfig = {
    mode: "masumi",
    serviceUrl: env.required(
      "PAYMENT_SERVICE_URL",
      /^https?:\/\/\S+$/,
      "the URL of your payment service's API, with /api/v1 (e.g. http://localhost:3001/api/v1)",
    ),
    apiKey: env.required("PAYMENT_API_KEY", /\S/, "an API key of your payment service"),
    agentIdentifier: env.required(
      "AGENT_IDENTIFIER",
      /^[0-9a-fA-F]{57,}$/,
      "the agent identifier from the Masumi registration: hex, at least 57 characters",
    ),
    network: env.required("NETWORK", /^(Preprod|Mainnet)$/, "Preprod or Mainnet") as Network,
    payByWindowMs: env.integer("PAY_BY_WINDOW_MS", HOUR, { min: 1000, max: 7 * 24 * HOUR }),
    // The service wants the result time at least 15 minutes ahead; one more covers clock skew.
    submitResultWindowMs: env.integer("SUBMIT_RESULT_WINDOW_MS", 12 * HOUR, {
      min: 16 * MINUTE,
      max: 30 * 24 * HOUR,
    }),
    pollIntervalMs: env.integer("PAYMENT_POLL_INTERVAL_MS", 10_000, { min: 10, max: HOUR }),
  };
  if (config.payByWindowMs > config.submitResultWindowMs - 5 * MINUTE) {
    env.report(
      "PAY_BY_WINDOW_MS must end at least 5 minutes (300000 ms) before SUBMIT_RESULT_WINDOW_MS",
    );
  }
  return config;
}

export function createPaymentProvider(
  config: PaymentConfig,
  context: PaymentContext,
): PaymentProvider {
  const client = new PaymentServiceClient({
    url: config.serviceUrl,
    apiKey: config.apiKey,
    network: config.network,
  });
  return new MasumiPayment({ ...config, client, log: context.log });
}
