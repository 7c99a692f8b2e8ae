/** A registry entry that existed before the simulator started, given as GET /registry shows it. */
import type { Catalog } from "./catalog.js";
import type { RegistryEntry } from "./registry.js";
import type { RegistrationSeed } from "./seed.js";

export function registryFromJson({ entry, network, requestedById }: RegistrationSeed, catalog: Catalog): RegistryEntry {
  const source = catalog.sourceWithSellingWallet(network, entry.SmartContractWallet.walletVkey);
  if (!source) throw new Error(`Seeded registration ${entry.id}: no payment source sells with its wallet`);
  return {
    id: entry.id,
    createdAt: new Date(entry.createdAt),
    updatedAt: new Date(entry.updatedAt),
    network,
    source,
    requestedById,
    state: entry.state,
    error: entry.error,
    agentIdentifier: entry.agentIdentifier,
    name: entry.name,
    description: entry.description,
    apiBaseUrl: entry.apiBaseUrl,
    Capability: entry.Capability,
    Author: entry.Author,
    Legal: entry.Legal,
    Tags: entry.Tags,
    ExampleOutputs: entry.ExampleOutputs,
    AgentPricing: entry.AgentPricing,
    supportedPaymentSources: entry.supportedPaymentSources,
    sendFundingLovelace: entry.sendFundingLovelace,
    currentTransaction: entry.CurrentTransaction,
  };
}
