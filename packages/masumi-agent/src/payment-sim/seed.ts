/**
 * What the simulated payment service holds when it starts: its API keys, payment sources (with
 * their wallets), registered agents, and payments made before. `defaultSeed` is the profile the
 * `payment-sim` command and `startPaymentSimulator` serve; tests can describe any other (the
 * fixture replay seeds what the recorded service had).
 */
import { bech32Like, derivedId, sha256Hex } from "./identifiers.js";
import {
  NETWORKS,
  type AgentRecord,
  type Amount,
  type Network,
  type PaymentSourceRecord,
  type PaymentSourceType,
} from "./model.js";
import type { PaymentJson } from "./payment-json.js";
import type { RegistryEntryJson } from "./registry.js";

export type Permission = "Read" | "ReadAndPay" | "Admin";

export interface ApiKeySeed {
  id: string;
  token: string;
  permission: Permission;
  /** The networks the key may use (the service's NetworkLimit); an Admin key has all. */
  networks: readonly Network[];
  status: "Active" | "Revoked";
}

export interface SimulatorSeed {
  apiKeys: ApiKeySeed[];
  paymentSources: PaymentSourceRecord[];
  agents: AgentRecord[];
  /** Payments that exist before the start, as the API shows them (with their history). */
  payments?: PaymentJson[];
  /** Registry entries that exist before the start, as GET /registry shows them. */
  registrations?: RegistrationSeed[];
}

export interface RegistrationSeed {
  entry: RegistryEntryJson;
  network: Network;
  /** The id of the API key that registered it. */
  requestedById: string;
}

/** A valid-looking agent identifier: a 56-hex policy id and a 64-hex asset name (120 hex). */
export const DEFAULT_AGENT_IDENTIFIER =
  sha256Hex("create-masumi-agent payment-sim registry policy").slice(0, 56) +
  sha256Hex("create-masumi-agent payment-sim agent");

/** 10 ADA, in lovelace (the unit "" is lovelace). */
const DEFAULT_PRICE: Amount[] = [{ amount: "10000000", unit: "" }];

function wallet(seed: string, prefix: string, note: string) {
  return {
    id: derivedId(`${seed}/id`),
    walletVkey: sha256Hex(`${seed}/vkey`).slice(0, 56),
    walletAddress: bech32Like(`${prefix}q`, `${seed}/address`, 98),
    collectionAddress: null,
    note,
  };
}

/** A fixed date for the default profile's records, so its answers are the same at every start. */
const PROFILE_CREATED_AT = new Date("2026-01-01T00:00:00.000Z");

function defaultSource(agentIdentifier: string, network: Network, type: PaymentSourceType): PaymentSourceRecord {
  const seed = `${agentIdentifier}/${network}/${type}`;
  const prefix = network === "Mainnet" ? "addr1" : "addr_test1";
  const v2 = type === "Web3CardanoV2";
  return {
    id: derivedId(`${seed}/payment-source`),
    createdAt: PROFILE_CREATED_AT,
    network,
    paymentSourceType: type,
    smartContractAddress: bech32Like(`${prefix}w`, `${seed}/contract`, 52),
    policyId: agentIdentifier.slice(0, 56),
    cooldownTime: 420_000,
    sellingWallet: wallet(`${seed}/selling`, prefix, "payment-sim selling wallet"),
    purchasingWallet: {
      ...wallet(`${seed}/purchasing`, prefix, "payment-sim purchasing wallet (plays the buyer)"),
      collectionAddress: bech32Like(`${prefix}q`, `${seed}/collection`, 98),
    },
    // V2 sources take no fee and need 2 of 3 admin signatures; V1 sources have 3 admins and a 5% fee.
    administration: {
      requiredAdminSignatures: v2 ? 2 : null,
      AdminWallets: [0, 1, 2].map((order) => ({
        walletAddress: bech32Like(`${prefix}q`, `${seed}/admin/${order}`, 98),
        order: v2 ? order : order + 1,
      })),
      feeReceiverAddress: v2 ? null : bech32Like(`${prefix}q`, `${seed}/fee-receiver`, 98),
      feeRatePermille: v2 ? 0 : 50,
    },
  };
}

export interface DefaultSeedOptions {
  /** The API key with admin rights. */
  token: string;
  /** Default Web3CardanoV2. */
  sourceType?: PaymentSourceType;
  agentIdentifier?: string;
}

/** The default agent's registration on one source, confirmed (its NFT is minted). */
function defaultRegistration(
  source: PaymentSourceRecord,
  agentIdentifier: string,
  requestedById: string,
): RegistrationSeed {
  const v2 = source.paymentSourceType === "Web3CardanoV2";
  const price = DEFAULT_PRICE[0]!;
  return {
    network: source.network,
    requestedById,
    entry: {
      error: null,
      id: derivedId(`${agentIdentifier}/${source.id}/registration`),
      name: "Simulated Agent",
      description: "The agent the payment-sim default profile sells for",
      apiBaseUrl: "http://127.0.0.1:8000",
      Capability: { name: "simulated-agent", version: "1.0.0" },
      Author: { name: "payment-sim", contactEmail: null, contactOther: null, organization: null },
      Legal: { privacyPolicy: null, terms: null, other: null },
      state: "RegistrationConfirmed",
      Tags: ["payment-sim"],
      createdAt: PROFILE_CREATED_AT.toISOString(),
      updatedAt: PROFILE_CREATED_AT.toISOString(),
      lastCheckedAt: null,
      ExampleOutputs: [],
      agentIdentifier,
      AgentPricing: v2 ? null : { pricingType: "Fixed", Pricing: [{ amount: price.amount, unit: price.unit }] },
      sendFundingLovelace: null,
      supportedPaymentSources: v2
        ? [
            {
              chain: "Cardano",
              network: source.network,
              paymentSourceType: "Web3CardanoV2",
              address: source.smartContractAddress,
              pricing: { pricingType: "Fixed", fixed: [{ asset: price.unit, amount: price.amount }] },
            },
          ]
        : null,
      verifications: null,
      SmartContractWallet: {
        walletVkey: source.sellingWallet.walletVkey,
        walletAddress: source.sellingWallet.walletAddress,
      },
      RecipientWallet: null,
      CurrentTransaction: {
        txHash: sha256Hex(`${agentIdentifier}/${source.id}/mint`),
        status: "Confirmed",
        confirmations: 3,
        fees: "612345",
        blockHeight: 4_000_000,
        blockTime: Math.floor(PROFILE_CREATED_AT.getTime() / 1000),
      },
    },
  };
}

/**
 * One admin key, and on each network a payment source of the given type with one registered
 * (RegistrationConfirmed) agent selling at a fixed 10 ADA: a V1 agent through its AgentPricing, a
 * V2 agent through its supportedPaymentSources[0]. Everything is derived from the agent identifier,
 * so it is the same at every start.
 */
export function defaultSeed(options: DefaultSeedOptions): SimulatorSeed {
  const type = options.sourceType ?? "Web3CardanoV2";
  const agentIdentifier = options.agentIdentifier ?? DEFAULT_AGENT_IDENTIFIER;
  const sources = NETWORKS.map((network) => defaultSource(agentIdentifier, network, type));
  const adminKeyId = derivedId(`${agentIdentifier}/api-key`);
  return {
    apiKeys: [{ id: adminKeyId, token: options.token, permission: "Admin", networks: NETWORKS, status: "Active" }],
    paymentSources: sources,
    agents: [],
    registrations: sources.map((source) => defaultRegistration(source, agentIdentifier, adminKeyId)),
  };
}
