/**
 * The registry routes of the payment service (src/routes/api/registry of masumi-payment-service):
 * register, list, count, look up an agent's on-chain metadata, deregister, delete, and (V2) update.
 */
import { isAddressOf } from "./addresses.js";
import type { Catalog } from "./catalog.js";
import { HttpError } from "./http-io.js";
import type { Network, PaymentSourceRecord } from "./model.js";
import {
  STATUS_BUCKETS,
  agentMetadataJson,
  registryJson,
  type AgentPricingJson,
  type Registry,
  type RegistryEntry,
  type SupportedSourceJson,
} from "./registry.js";
import {
  parseAgentIdentifierQuery,
  parseCountRegistry,
  parseDeleteRegistration,
  parseDeregister,
  parseListRegistry,
  parseRegister,
  parseUpdate,
  type PricingInput,
  type RegistryFilter,
  type SupportedSourceInput,
} from "./registry-schemas.js";
import { inputOrFail, type Route } from "./router.js";
import type { ApiKeySeed } from "./seed.js";

export interface RegistryContext {
  registry: Registry;
  catalog: Catalog;
  /** A registration, deregistration or update was requested (the simulated jobs may move it on). */
  requested(entry: RegistryEntry): void;
}

/** The assets the simulated chain knows besides ADA: USDM on mainnet, tUSDM on preprod. */
const KNOWN_ASSETS = [
  "c48cbb3d5e57ed56e276bc45f99ab39abe94e6cd7ac39fb402da47ad0014df105553444d",
  "16a55b2a349361ff88c03788f93e1e966e5d689605d044fef722ddde0014df10745553444d",
];

function badRequest(message: string): never {
  throw new HttpError(400, message);
}

function notSupported(): never {
  throw new HttpError(404, "Network and Address combination not supported");
}

/** What the real service answers when Blockfrost does not know the asset (an unknown NFT). */
function assetNotOnChain(): never {
  throw new HttpError(500, "The requested component has not been found.");
}

function checkAssets(units: string[]): void {
  const problems = units
    .filter((unit) => unit !== "" && unit !== "lovelace")
    .flatMap((unit) => {
      if (!/^[0-9a-fA-F]{56,}$/.test(unit)) return [`${unit} (invalid format - must be policyId + assetName in hex)`];
      return KNOWN_ASSETS.includes(unit.toLowerCase()) ? [] : [`${unit} (asset not found on-chain)`];
    });
  if (problems.length > 0) badRequest(`Invalid assets in pricing: ${problems.join(", ")}`);
}

/** The V2 rules for the advertised payment options (register and update). */
function checkV2Sources(sources: SupportedSourceInput[], network: Network): SupportedSourceJson[] {
  const seen = new Set<string>();
  return sources.map((source, index) => {
    if (source.chain === "EVM") badRequest(`x402 network is not available for settlement: ${source.network}`);
    if (source.paymentSourceType !== "Web3CardanoV2") {
      badRequest(
        "V2 registry entries may only advertise V2 payment sources. Legacy V1 sources cannot be listed on a V2 mint.",
      );
    }
    if (source.network !== network) badRequest("Supported payment source network must match the registry network");
    if (!isAddressOf(network, source.address)) {
      const other: Network = network === "Mainnet" ? "Preprod" : "Mainnet";
      badRequest(
        isAddressOf(other, source.address)
          ? "Supported Cardano payment source address does not match the registry network"
          : "Supported Cardano payment source address is not a valid Cardano address",
      );
    }
    // Lovelace is stored as "" (the unit payments answer), so "" and "lovelace" are the same option.
    const normal = (
      source.pricing.pricingType === "Fixed"
        ? {
            ...source,
            pricing: {
              pricingType: "Fixed",
              fixed: source.pricing.fixed.map((price) => ({
                ...price,
                asset: price.asset === "lovelace" ? "" : price.asset,
              })),
            },
          }
        : source
    ) as SupportedSourceJson;
    const key = JSON.stringify(normal);
    if (seen.has(key)) badRequest(`supportedPaymentSources[${index}] duplicates an earlier payment option`);
    seen.add(key);
    if (normal.pricing.pricingType === "Fixed") checkAssets(normal.pricing.fixed.map((price) => price.asset));
    return normal;
  });
}

/** Which pricing a registration carries, by the type of the wallet's payment source. */
function settlePricing(
  source: PaymentSourceRecord,
  input: PricingInput,
  network: Network,
): { AgentPricing: AgentPricingJson | null; supportedPaymentSources: SupportedSourceJson[] | null } {
  if (source.paymentSourceType === "Web3CardanoV2") {
    if (input.AgentPricing !== undefined) {
      badRequest(
        "V2 registrations must not set AgentPricing; put pricing inside each supportedPaymentSources[].pricing field",
      );
    }
    if (input.supportedPaymentSources === undefined) {
      badRequest("V2 registrations require supportedPaymentSources with source-local pricing");
    }
    return { AgentPricing: null, supportedPaymentSources: checkV2Sources(input.supportedPaymentSources, network) };
  }
  if (input.supportedPaymentSources !== undefined) {
    badRequest("V1 registrations must not set supportedPaymentSources; use the top-level AgentPricing field");
  }
  if (input.AgentPricing === undefined) badRequest("V1 registrations require the top-level AgentPricing field");
  if (input.AgentPricing.pricingType === "Fixed") checkAssets(input.AgentPricing.Pricing.map((price) => price.unit));
  return { AgentPricing: input.AgentPricing, supportedPaymentSources: null };
}

/** The service funds a new agent wallet with at least 5 ADA (recorded: 2 and 3 ADA became 5). */
const MIN_FUNDING_LOVELACE = 5_000_000n;

function fundingOf(requested: string | undefined): string | null {
  if (requested === undefined) return null;
  const amount = BigInt(requested);
  return String(amount > MIN_FUNDING_LOVELACE ? amount : MIN_FUNDING_LOVELACE);
}

function matches(entry: RegistryEntry, filter: RegistryFilter): boolean {
  // Like the payment listing, V1 entries only unless a filter names another source or agent.
  const typeFilter =
    filter.filterPaymentSourceType ??
    (filter.filterSmartContractAddress === undefined &&
    filter.filterAgentIdentifier === undefined &&
    filter.filterSupportedPaymentSourceAddress === undefined &&
    filter.filterSupportedPaymentSourceNetworks === undefined
      ? "Web3CardanoV1"
      : undefined);
  const advertised = entry.supportedPaymentSources ?? [];
  const search = filter.searchQuery?.toLowerCase();
  const bucket = filter.filterStatus && (STATUS_BUCKETS[filter.filterStatus] as readonly string[]);
  return (
    entry.network === filter.network &&
    (typeFilter === undefined || entry.source.paymentSourceType === typeFilter) &&
    (filter.filterSmartContractAddress === undefined ||
      entry.source.smartContractAddress === filter.filterSmartContractAddress) &&
    (filter.filterAgentIdentifier === undefined || entry.agentIdentifier === filter.filterAgentIdentifier) &&
    (filter.filterSupportedPaymentSourceAddress === undefined ||
      entry.source.smartContractAddress === filter.filterSupportedPaymentSourceAddress ||
      advertised.some((source) => source.address === filter.filterSupportedPaymentSourceAddress)) &&
    (filter.filterSupportedPaymentSourceNetworks === undefined ||
      advertised.some((source) => filter.filterSupportedPaymentSourceNetworks!.includes(source.network))) &&
    (bucket === undefined || bucket.includes(entry.state)) &&
    (search === undefined ||
      [entry.name, entry.description, entry.agentIdentifier ?? "", ...entry.Tags].some((text) =>
        text.toLowerCase().includes(search),
      ))
  );
}

function checkOwner(key: ApiKeySeed, entry: RegistryEntry, action: "deregister" | "update"): void {
  if (key.permission !== "Admin" && entry.requestedById !== key.id) {
    throw new HttpError(403, `You are not authorized to ${action} this agent`);
  }
}

const DELETABLE = ["RegistrationFailed", "DeregistrationConfirmed"];
const SETTLED = ["RegistrationConfirmed", "UpdateConfirmed"];

export function registryRoutes({ registry, catalog, requested }: RegistryContext): Route[] {
  /** The minted entry of an agent identifier on the source its policy (or the given address) names. */
  const mintedEntry = (network: Network, agentIdentifier: string, source: PaymentSourceRecord | undefined) => {
    if (!source) assetNotOnChain();
    const entry = registry.byAgentIdentifier(network, agentIdentifier);
    if (!entry || entry.source !== source || !catalog.agent(network, agentIdentifier)) assetNotOnChain();
    return entry;
  };
  return [
    {
      method: "POST",
      path: "/api/v1/registry",
      access: "pay",
      handle: ({ body, key }) => {
        const input = inputOrFail(parseRegister(body));
        const source = catalog.sourceWithSellingWallet(input.network, input.sellingWalletVkey);
        if (!source) notSupported();
        if (
          input.recipientWalletAddress !== undefined &&
          ![source.sellingWallet.walletAddress, source.purchasingWallet.walletAddress].includes(
            input.recipientWalletAddress,
          )
        ) {
          throw new HttpError(404, "Recipient wallet not found on the same payment source");
        }
        const pricing = settlePricing(source, input, input.network);
        const entry = registry.create({
          network: input.network,
          source,
          requestedById: key!.id,
          name: input.name,
          description: input.description,
          apiBaseUrl: input.apiBaseUrl,
          Capability: input.Capability,
          Author: input.Author,
          Legal: input.Legal,
          Tags: input.Tags,
          ExampleOutputs: input.ExampleOutputs,
          sendFundingLovelace: fundingOf(input.sendFundingLovelace),
          ...pricing,
        });
        requested(entry);
        return registryJson(entry);
      },
    },
    {
      method: "GET",
      path: "/api/v1/registry",
      access: "read",
      handle: ({ query }) => {
        const input = inputOrFail(parseListRegistry(query));
        const matching = registry.all().filter((entry) => matches(entry, input));
        const start = input.cursorId === undefined ? 0 : matching.findIndex((entry) => entry.id === input.cursorId);
        return { Assets: (start < 0 ? [] : matching.slice(start, start + input.limit)).map(registryJson) };
      },
    },
    {
      method: "GET",
      path: "/api/v1/registry/count",
      access: "read",
      handle: ({ query }) => {
        const input = inputOrFail(parseCountRegistry(query));
        return { total: registry.all().filter((entry) => matches(entry, input)).length };
      },
    },
    {
      method: "GET",
      path: "/api/v1/registry/agent-identifier",
      access: "read",
      handle: ({ query }) => {
        const input = inputOrFail(parseAgentIdentifierQuery(query));
        if (!/^[0-9a-fA-F]+$/.test(input.agentIdentifier) || input.agentIdentifier.length % 2 !== 0) {
          badRequest("Agent identifier is not a valid hex string");
        }
        if (!catalog.sourceOfAgent(input.network, input.agentIdentifier)) {
          throw new HttpError(404, "Network and policyId combination not supported");
        }
        const entry = registry.byAgentIdentifier(input.network, input.agentIdentifier);
        if (!entry || !catalog.agent(input.network, input.agentIdentifier)) {
          throw new HttpError(404, "Agent identifier not found");
        }
        return agentMetadataJson(entry);
      },
    },
    {
      method: "POST",
      path: "/api/v1/registry/deregister",
      access: "pay",
      handle: ({ body, key }) => {
        const input = inputOrFail(parseDeregister(body));
        let source: PaymentSourceRecord | undefined;
        if (input.smartContractAddress !== undefined) {
          source = catalog.sourceAt(input.network, input.smartContractAddress);
          if (!source) notSupported();
        } else {
          source = catalog.sourceOfAgent(input.network, input.agentIdentifier);
        }
        const entry = mintedEntry(input.network, input.agentIdentifier, source);
        checkOwner(key!, entry, "deregister");
        if (!SETTLED.includes(entry.state)) {
          throw new HttpError(409, `Agent registration cannot be deregistered in its current state: ${entry.state}`);
        }
        registry.request(entry, "DeregistrationRequested");
        requested(entry);
        return registryJson(entry);
      },
    },
    {
      method: "DELETE",
      path: "/api/v1/registry",
      access: "admin",
      handle: ({ body }) => {
        const { id } = inputOrFail(parseDeleteRegistration(body));
        const entry = registry.byId(id);
        if (!entry) throw new HttpError(404, "Agent Registration not found");
        if (!DELETABLE.includes(entry.state)) {
          badRequest(`Agent registration cannot be deleted in its current state: ${entry.state}`);
        }
        registry.remove(entry);
        return registryJson(entry);
      },
    },
    {
      method: "POST",
      path: "/api/v1/registry/update",
      access: "pay",
      handle: ({ body, key }) => {
        const input = inputOrFail(parseUpdate(body));
        if (input.AgentPricing !== undefined) {
          badRequest(
            "V2 updates must not set AgentPricing; put pricing inside each supportedPaymentSources[].pricing field",
          );
        }
        const source =
          input.smartContractAddress !== undefined
            ? catalog.sourceAt(input.network, input.smartContractAddress)
            : catalog.sourceOfAgent(input.network, input.agentIdentifier);
        if (!source || (input.smartContractAddress === undefined && source.paymentSourceType !== "Web3CardanoV2")) {
          notSupported();
        }
        if (source.paymentSourceType !== "Web3CardanoV2") {
          badRequest("Update agent identifier is only supported for Web3CardanoV2 payment sources");
        }
        const entry = registry.byAgentIdentifier(input.network, input.agentIdentifier);
        if (!entry || entry.source !== source) throw new HttpError(404, "Registration not found");
        checkOwner(key!, entry, "update");
        const pricing = settlePricing(source, input, input.network);
        if (!SETTLED.includes(entry.state)) {
          badRequest(`Agent registration cannot be updated in its current state: ${entry.state}`);
        }
        Object.assign(entry, {
          name: input.name,
          description: input.description,
          apiBaseUrl: input.apiBaseUrl,
          Capability: input.Capability,
          Author: input.Author,
          Legal: input.Legal,
          Tags: input.Tags,
          ExampleOutputs: input.ExampleOutputs,
          // An update carries no funding: the answer shows none.
          sendFundingLovelace: null,
          ...pricing,
        });
        registry.request(entry, "UpdateRequested");
        requested(entry);
        return registryJson(entry);
      },
    },
  ];
}
