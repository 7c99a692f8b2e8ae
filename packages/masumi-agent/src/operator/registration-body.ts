/**
 * The bodies of POST /registry and POST /registry/update (MIP-003 section 6): the listing, and the
 * pricing where the seller's payment source type wants it (V1: AgentPricing; V2: one
 * supportedPaymentSources entry for the source, which is therefore PAYMENT_SOURCE_INDEX 0).
 */
import type { Network } from "../payment/masumi/payment-service.ts";
import type { Seller } from "./facts.ts";
import type { Listing } from "./listing.ts";
import { registryUnit } from "./pricing.ts";

/** The position of the seller's source in a V2 registration's supportedPaymentSources. */
export const REGISTERED_SOURCE_INDEX = 0;

function described(listing: Listing) {
  return {
    name: listing.name,
    description: listing.description,
    apiBaseUrl: listing.apiBaseUrl,
    Capability: listing.capability,
    Author: listing.author,
    Legal: listing.legal,
    Tags: listing.tags,
    ExampleOutputs: listing.exampleOutputs,
  };
}

function pricing(listing: Listing, network: Network, seller: Seller) {
  const prices = (listing.pricing[network] ?? []).map((price) => ({
    unit: registryUnit(price.unit, network),
    amount: price.amount,
  }));
  if (seller.source.paymentSourceType === "Web3CardanoV1") {
    return { AgentPricing: { pricingType: "Fixed", Pricing: prices } };
  }
  return {
    supportedPaymentSources: [
      {
        chain: "Cardano",
        network,
        paymentSourceType: "Web3CardanoV2",
        address: seller.source.smartContractAddress,
        pricing: { pricingType: "Fixed", fixed: prices.map(({ unit, amount }) => ({ asset: unit, amount })) },
      },
    ],
  };
}

export function registerBody(listing: Listing, network: Network, seller: Seller): Record<string, unknown> {
  return { network, sellingWalletVkey: seller.vkey, ...described(listing), ...pricing(listing, network, seller) };
}

export function updateBody(
  listing: Listing,
  network: Network,
  seller: Seller,
  agentIdentifier: string,
): Record<string, unknown> {
  return {
    network,
    agentIdentifier,
    smartContractAddress: seller.source.smartContractAddress,
    ...described(listing),
    ...pricing(listing, network, seller),
  };
}
