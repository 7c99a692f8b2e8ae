/**
 * The payment-service settings of the project, read like the agent reads them: its .env file,
 * with variables already set in the environment winning.
 */
import { readFile } from "node:fs/promises";
import { parseEnv } from "node:util";
import { EnvReader, type Env } from "../env.ts";
import { AGENT_IDENTIFIER } from "../payment/payment.ts";
import {
  PAYMENT_SOURCE_TYPES,
  PaymentServiceClient,
  type Network,
  type PaymentSourceType,
} from "../payment/masumi/payment-service.ts";
import { Refusal } from "./refusal.ts";

export interface OperatorSettings {
  serviceUrl: string;
  apiKey: string;
  network: Network;
  paymentSourceType: PaymentSourceType;
  /** Set once registered. */
  agentIdentifier: string | undefined;
  /** The selling wallet, when the author gives it (else it is read from GET /wallet/list). */
  sellingWalletVkey: string | undefined;
}

/** The project's environment: the .env file (when there is one) under the process environment. */
export async function projectEnv(envFile: string): Promise<Env> {
  let text = "";
  try {
    text = await readFile(envFile, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  return { ...parseEnv(text), ...process.env };
}

/** The settings in `env`; a Refusal lists every bad or missing value. */
export function readSettings(env: Env): OperatorSettings {
  const read = new EnvReader(env);
  const settings: OperatorSettings = {
    serviceUrl: read.required(
      "PAYMENT_SERVICE_URL",
      /^https?:\/\/\S+$/,
      "the URL of your payment service's API, with /api/v1 (e.g. http://localhost:3001/api/v1)",
    ),
    apiKey: read.required("PAYMENT_API_KEY", /\S/, "an API key of your payment service"),
    network: read.required("NETWORK", /^(Preprod|Mainnet)$/, "Preprod or Mainnet") as Network,
    paymentSourceType: read.oneOf("PAYMENT_SOURCE_TYPE", PAYMENT_SOURCE_TYPES) ?? "Web3CardanoV2",
    agentIdentifier: read.matching("AGENT_IDENTIFIER", AGENT_IDENTIFIER.pattern, AGENT_IDENTIFIER.rule),
    sellingWalletVkey: read.matching(
      "SELLING_WALLET_VKEY",
      /^[0-9a-fA-F]{56}$/,
      "the selling wallet's vkey: 56 hex characters (GET /wallet/list shows it)",
    ),
  };
  if (read.problems.length > 0) throw new Refusal(read.problems);
  return settings;
}

export function serviceClient(settings: OperatorSettings): PaymentServiceClient {
  return new PaymentServiceClient({
    url: settings.serviceUrl,
    apiKey: settings.apiKey,
    network: settings.network,
    paymentSourceType: settings.paymentSourceType,
  });
}
