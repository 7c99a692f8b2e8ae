/**
 * The checks `POST /payment` makes after its schema, in the real handler's order and words
 * (src/routes/api/payments/index.ts `paymentInitPost`), and what they settle: the payment source,
 * the agent's name, the pricing and the four times.
 */
import { hasKeyPaymentCredential } from "./addresses.js";
import type { Catalog } from "./catalog.js";
import { HttpError } from "./http-io.js";
import type { AgentRecord, Amount, PaymentSourceRecord, Pricing } from "./model.js";
import type { CreatePaymentInput } from "./request-schemas.js";

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;

/** The service's `validateHexString`: non-empty, even length, hex digits only. */
export function isHexString(value: string): boolean {
  return value.length % 2 === 0 && /^[0-9a-fA-F]+$/.test(value);
}

export interface PaymentTimes {
  payByTime: number;
  submitResultTime: number;
  unlockTime: number;
  externalDisputeUnlockTime: number;
}

export interface PaymentTerms extends PaymentTimes {
  source: PaymentSourceRecord;
  agentName: string;
  pricingType: "Fixed" | "Dynamic";
  requestedFunds: Amount[];
}

function badRequest(message: string): never {
  throw new HttpError(400, message);
}

function checkTimes(input: CreatePaymentInput, now: number): PaymentTimes {
  const { payByTime, submitResultTime } = input;
  const unlockTime = input.unlockTime ?? submitResultTime + 6 * HOUR;
  const externalDisputeUnlockTime = input.externalDisputeUnlockTime ?? submitResultTime + 12 * HOUR;
  if (payByTime > submitResultTime - 5 * MINUTE) {
    badRequest("Pay by time must be before submit result time (min. 5 minutes)");
  }
  if (payByTime < now - 5 * MINUTE) badRequest("Pay by time must be in the future (max. 5 minutes)");
  if (externalDisputeUnlockTime < unlockTime + 15 * MINUTE) {
    badRequest("External dispute unlock time must be after unlock time (min. 15 minutes difference)");
  }
  if (submitResultTime < now + 15 * MINUTE) badRequest("Submit result time must be in the future (min. 15 minutes)");
  if (submitResultTime > unlockTime - 15 * MINUTE) {
    badRequest("Submit result time must be before unlock time with at least 15 minutes difference");
  }
  return { payByTime, submitResultTime, unlockTime, externalDisputeUnlockTime };
}

/** Lovelace is written "" in answers; "lovelace" is accepted for it. */
function normalUnit(unit: string): string {
  return unit === "lovelace" ? "" : unit;
}

/** The funds asked for under one pricing option. */
function fundsFor(
  pricing: Pricing,
  requested: Amount[] | undefined,
): Pick<PaymentTerms, "pricingType" | "requestedFunds"> {
  if (pricing.pricingType === "Free") badRequest("Pricing type not supported for payments");
  if (pricing.pricingType === "Fixed") {
    if (requested !== undefined) badRequest("For fixed pricing, RequestedFunds must be null");
    return {
      pricingType: "Fixed",
      requestedFunds: pricing.amounts.map((amount) => ({ amount: amount.amount, unit: normalUnit(amount.unit) })),
    };
  }
  if (requested === undefined || requested.length === 0)
    badRequest("For dynamic pricing, RequestedFunds must be provided");
  if (requested.some((fund) => !/^\d+$/.test(fund.amount) || BigInt(fund.amount) <= 0n)) {
    badRequest("RequestedFunds amounts must be positive");
  }
  return {
    pricingType: "Dynamic",
    requestedFunds: requested.map((fund) => ({ amount: fund.amount, unit: normalUnit(fund.unit) })),
  };
}

/** V2: the agent's own `supportedPaymentSources[index]` selects the contract and the price. */
function v2Pricing(agent: AgentRecord, input: CreatePaymentInput, catalog: Catalog): Pricing {
  const index = input.supportedPaymentSourceIndex!;
  const option = agent.supportedPaymentSources?.[index];
  if (!option) badRequest(`supportedPaymentSourceIndex ${index} is not advertised by this agent`);
  if (catalog.sourceAt(input.network, option.address)?.paymentSourceType !== "Web3CardanoV2") {
    throw new HttpError(404, "Selected Cardano payment source is not configured on this node");
  }
  return option.pricing;
}

export function settlePaymentTerms(input: CreatePaymentInput, catalog: Catalog, now: number): PaymentTerms {
  if (!isHexString(input.identifierFromPurchaser)) badRequest("Purchaser identifier is not a valid hex string");
  if (!isHexString(input.inputHash)) badRequest("Input hash is not a valid hex string");
  const times = checkTimes(input, now);

  const source = catalog.sourceOfAgent(input.network, input.agentIdentifier);
  if (!source) throw new HttpError(404, "Network and policyId combination not supported");
  if (input.paymentSourceType !== undefined && input.paymentSourceType !== source.paymentSourceType) {
    badRequest("paymentSourceType does not match the agent registry source");
  }
  const v2 = source.paymentSourceType === "Web3CardanoV2";
  if (v2 && input.supportedPaymentSourceIndex === undefined) {
    badRequest("V2 Cardano payments require supportedPaymentSourceIndex to select a priced Cardano source");
  }
  if (!v2 && input.supportedPaymentSourceIndex !== undefined) {
    badRequest("V1 Cardano payments must not set supportedPaymentSourceIndex; pricing comes from AgentPricing");
  }
  // The real service reads the agent's NFT and metadata from the chain here.
  const agent = catalog.agent(input.network, input.agentIdentifier);
  if (!agent) throw new HttpError(500, "Error fetching asset in wallet");
  const pricing = v2 ? v2Pricing(agent, input, catalog) : agent.pricing;
  if (!pricing) badRequest("Pricing type not supported for payments");
  const funds = fundsFor(pricing, input.requestedFunds);
  if (v2 && input.sellerReturnAddress !== undefined && !hasKeyPaymentCredential(input.sellerReturnAddress)) {
    badRequest("sellerReturnAddress must be a Cardano base or enterprise address with a payment key credential");
  }
  return { ...times, ...funds, source, agentName: agent.name };
}
