import type { AgentRegistration, Network, PaymentSourceType } from "./payment-service.ts";

export interface PaymentSourceSettings {
  network: Network;
  paymentSourceType: PaymentSourceType;
  paymentSourceIndex: number | undefined;
}

/**
 * What in PAYMENT_SOURCE_TYPE and PAYMENT_SOURCE_INDEX the agent's registration contradicts,
 * one line each (none: payments can go through). A Web3CardanoV2 registration lists its payment
 * sources, and the index picks one of them, whose price applies; a Web3CardanoV1 registration
 * lists none (its price is AgentPricing).
 */
export function registrationProblems(
  settings: PaymentSourceSettings,
  registration: AgentRegistration,
): string[] {
  const sources = registration.Metadata.supportedPaymentSources ?? [];
  const registeredType: PaymentSourceType = sources.length > 0 ? "Web3CardanoV2" : "Web3CardanoV1";
  if (settings.paymentSourceType !== registeredType) {
    return [
      `PAYMENT_SOURCE_TYPE is ${settings.paymentSourceType}, but the agent is registered through a ` +
        `${registeredType} payment source: set PAYMENT_SOURCE_TYPE=${registeredType}`,
    ];
  }
  const index = settings.paymentSourceIndex;
  if (index === undefined) return [];
  const source = sources[index];
  if (!source) {
    return [
      `PAYMENT_SOURCE_INDEX ${index} is not advertised by this agent: its registration lists ` +
        `${sources.length} payment source(s), 0 to ${sources.length - 1}`,
    ];
  }
  const problems: string[] = [];
  const where = `PAYMENT_SOURCE_INDEX ${index} selects`;
  if (source.paymentSourceType !== "Web3CardanoV2") {
    problems.push(
      `${where} a ${source.paymentSourceType ?? "untyped"} source, not a Web3CardanoV2 one`,
    );
  }
  if (source.network !== undefined && source.network !== settings.network) {
    problems.push(`${where} a source on ${source.network}, but NETWORK is ${settings.network}`);
  }
  // Dynamic pricing needs the amount with every payment, and free pricing takes no payments.
  const pricing = source.pricing?.pricingType;
  if (pricing !== "Fixed") {
    problems.push(
      `${where} ${pricing ?? "no"} pricing; this agent takes payments at a Fixed price`,
    );
  }
  return problems;
}
