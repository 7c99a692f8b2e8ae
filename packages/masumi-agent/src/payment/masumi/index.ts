import { ConfigError } from "../../config.ts";
import type { EnvReader } from "../../env.ts";
import { MasumiPayment } from "./masumi.ts";
import { AGENT_IDENTIFIER, type PaymentContext, type PaymentProvider } from "../payment.ts";
import {
  PAYMENT_SOURCE_TYPES,
  PaymentServiceClient,
  PaymentServiceError,
  type Network,
  type PaymentSourceType,
} from "./payment-service.ts";
import { registrationProblems } from "./registration.ts";

/** This agent is paid through the Masumi payment service; see .env.example. */
export interface PaymentConfig {
  mode: "masumi";
  /** The service's API base, including /api/v1. */
  serviceUrl: string;
  apiKey: string;
  agentIdentifier: string;
  network: Network;
  paymentSourceType: PaymentSourceType;
  /** Web3CardanoV2 only: which priced source of the agent's registration payments use. */
  paymentSourceIndex: number | undefined;
  payByWindowMs: number;
  submitResultWindowMs: number;
  pollIntervalMs: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** The positions the payment service takes for supportedPaymentSourceIndex. */
const SOURCE_INDEX = { min: 0, max: 24 };

export function readPaymentConfig(env: EnvReader): PaymentConfig {
  const paymentSourceType =
    env.oneOf("PAYMENT_SOURCE_TYPE", PAYMENT_SOURCE_TYPES) ?? "Web3CardanoV2";
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
      AGENT_IDENTIFIER.pattern,
      AGENT_IDENTIFIER.rule,
    ),
    network: env.required("NETWORK", /^(Preprod|Mainnet)$/, "Preprod or Mainnet") as Network,
    paymentSourceType,
    paymentSourceIndex: readSourceIndex(env, paymentSourceType),
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

/** PAYMENT_SOURCE_INDEX for Web3CardanoV2 (default 0); Web3CardanoV1 payments refuse an index. */
function readSourceIndex(env: EnvReader, type: PaymentSourceType): number | undefined {
  if (type === "Web3CardanoV2") return env.integer("PAYMENT_SOURCE_INDEX", 0, SOURCE_INDEX);
  if (env.string("PAYMENT_SOURCE_INDEX", "") !== "") {
    env.report(
      "PAYMENT_SOURCE_INDEX applies to Web3CardanoV2 only: unset it, or set PAYMENT_SOURCE_TYPE=Web3CardanoV2",
    );
  }
  return undefined;
}

/**
 * Connects to the payment service. Where the service can say (its registry route knows the
 * agent), the payment source type and index are checked against the agent's registration first:
 * a mismatch stops the start, since every payment would be refused.
 */
export async function createPaymentProvider(
  config: PaymentConfig,
  context: PaymentContext,
): Promise<PaymentProvider> {
  const client = new PaymentServiceClient({
    url: config.serviceUrl,
    apiKey: config.apiKey,
    network: config.network,
    paymentSourceType: config.paymentSourceType,
  });
  try {
    const registration = await client.agentRegistration(config.agentIdentifier);
    const problems = registrationProblems(config, registration);
    if (problems.length > 0) throw new ConfigError(problems);
  } catch (error) {
    if (!(error instanceof PaymentServiceError)) throw error;
    const unchecked = `PAYMENT_SOURCE_TYPE and PAYMENT_SOURCE_INDEX are not checked: ${error.message}`;
    // 404: no registration to compare with (not minted yet, or a node without the route); a job's
    // payment then says what is wrong. Anything else may stop payments too, so it is a warning.
    if (error.status === 404) context.log.info(unchecked);
    else context.log.warn(unchecked);
  }
  return new MasumiPayment({ ...config, client, log: context.log });
}
