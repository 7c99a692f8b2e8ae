/**
 * The agent registry of the payment service (MIP-003 section 6): registration requests, the states
 * the register / deregister / update jobs and the chain move them through, and the answers of the
 * registry routes. Minting happens at RegistrationInitiated, when the agent identifier (policy id +
 * asset name) is set; from then until the burn the agent "exists on chain" and can be paid.
 */
import { createHash, randomBytes } from "node:crypto";
import { newId, randomHex } from "./identifiers.js";
import type { AgentRecord, Amount, Network, PaymentSourceRecord, Pricing, SupportedPaymentSource } from "./model.js";

export const REGISTRATION_STATES = [
  "RegistrationRequested",
  "RegistrationInitiated",
  "RegistrationConfirmed",
  "RegistrationFailed",
  "DeregistrationRequested",
  "DeregistrationInitiated",
  "DeregistrationConfirmed",
  "DeregistrationFailed",
  "UpdateRequested",
  "UpdateInitiated",
  "UpdateConfirmed",
  "UpdateFailed",
] as const;
export type RegistrationState = (typeof REGISTRATION_STATES)[number];

/** The filterStatus buckets of GET /registry. */
export const STATUS_BUCKETS = {
  Registered: ["RegistrationConfirmed", "UpdateConfirmed"],
  Deregistered: ["DeregistrationConfirmed"],
  Pending: [
    "RegistrationRequested",
    "RegistrationInitiated",
    "DeregistrationRequested",
    "DeregistrationInitiated",
    "UpdateRequested",
    "UpdateInitiated",
  ],
  Failed: ["RegistrationFailed", "DeregistrationFailed", "UpdateFailed"],
} as const satisfies Record<string, readonly RegistrationState[]>;
export type StatusBucket = keyof typeof STATUS_BUCKETS;

/** The states in which the agent's NFT exists (the fixtures README). */
const MINTED: readonly RegistrationState[] = [
  "RegistrationInitiated",
  "RegistrationConfirmed",
  "DeregistrationRequested",
  "DeregistrationInitiated",
  "DeregistrationFailed",
  "UpdateRequested",
  "UpdateInitiated",
  "UpdateConfirmed",
  "UpdateFailed",
];

/** The V1 top-level pricing as registered and answered. */
export type AgentPricingJson =
  | { pricingType: "Fixed"; Pricing: { amount: string; unit: string }[] }
  | { pricingType: "Dynamic" }
  | { pricingType: "Free" };

/** A V2 `supportedPaymentSources` entry as registered and answered. */
export interface SupportedSourceJson {
  chain: "Cardano";
  network: Network;
  paymentSourceType: "Web3CardanoV2";
  address: string;
  pricing: { pricingType: "Fixed"; fixed: { asset: string; amount: string }[] } | { pricingType: "Dynamic" | "Free" };
}

export interface RegistryTransaction {
  txHash: string;
  status: "Pending" | "Confirmed";
  confirmations: number | null;
  fees: string | null;
  blockHeight: number | null;
  blockTime: number | null;
}

/** The descriptive fields a registration and an update carry. */
export interface AgentDescription {
  name: string;
  description: string;
  apiBaseUrl: string;
  Capability: { name: string; version: string };
  Author: { name: string; contactEmail: string | null; contactOther: string | null; organization: string | null };
  Legal: { privacyPolicy: string | null; terms: string | null; other: string | null };
  Tags: string[];
  ExampleOutputs: { name: string; url: string; mimeType: string }[];
}

export interface RegistryEntry extends AgentDescription {
  id: string;
  createdAt: Date;
  updatedAt: Date;
  network: Network;
  source: PaymentSourceRecord;
  requestedById: string;
  state: RegistrationState;
  error: string | null;
  agentIdentifier: string | null;
  AgentPricing: AgentPricingJson | null;
  supportedPaymentSources: SupportedSourceJson[] | null;
  sendFundingLovelace: string | null;
  currentTransaction: RegistryTransaction | null;
}

/** The chain steps the admin route (and the optional timer) play, and where each may start. */
export const REGISTRY_STEPS = {
  "registration-initiated": { from: ["RegistrationRequested"], to: "RegistrationInitiated" },
  "registration-confirmed": { from: ["RegistrationInitiated"], to: "RegistrationConfirmed" },
  "registration-failed": { from: ["RegistrationRequested", "RegistrationInitiated"], to: "RegistrationFailed" },
  "deregistration-initiated": { from: ["DeregistrationRequested"], to: "DeregistrationInitiated" },
  "deregistration-confirmed": { from: ["DeregistrationInitiated"], to: "DeregistrationConfirmed" },
  "update-confirmed": { from: ["UpdateRequested", "UpdateInitiated"], to: "UpdateConfirmed" },
} as const satisfies Record<string, { from: readonly RegistrationState[]; to: RegistrationState }>;
export type RegistryStep = keyof typeof REGISTRY_STEPS;

/** Fees (lovelace) and confirmations the recording's simulation wrote. */
const MINT_FEES = "612345";
const BURN_FEES = "398765";
const CONFIRMATIONS = 3;

export class RegistryStepError extends Error {
  override name = "RegistryStepError";
}

/** 28 bytes of a hash, as hex: the size of the blake2b-224 the real asset name uses (node has no 224). */
function hash28Hex(data: Buffer): string {
  return createHash("blake2b512").update(data).digest("hex").slice(0, 56);
}

/**
 * V2 asset names are "10" + blake2b-224(tx hash ‖ output index 0) + "000000" (here of a random
 * stand-in tx hash); V1 asset names are 32 random bytes.
 */
export function newAgentIdentifier(source: PaymentSourceRecord): string {
  if (source.paymentSourceType === "Web3CardanoV1") return source.policyId + randomHex(32);
  return `${source.policyId}10${hash28Hex(Buffer.concat([randomBytes(32), Buffer.from([0])]))}000000`;
}

function pricingOf(entry: SupportedSourceJson["pricing"] | AgentPricingJson): Pricing {
  if (entry.pricingType === "Fixed") {
    const amounts: Amount[] =
      "fixed" in entry
        ? entry.fixed.map(({ asset, amount }) => ({ amount, unit: asset }))
        : (entry as { Pricing: Amount[] }).Pricing;
    return { pricingType: "Fixed", amounts };
  }
  return { pricingType: entry.pricingType };
}

/** The agent as payments see it (its on-chain metadata). */
export function agentOf(entry: RegistryEntry): AgentRecord | undefined {
  if (!MINTED.includes(entry.state) || entry.agentIdentifier === null) return undefined;
  return {
    agentIdentifier: entry.agentIdentifier,
    network: entry.network,
    name: entry.name,
    pricing: entry.AgentPricing ? pricingOf(entry.AgentPricing) : null,
    supportedPaymentSources:
      entry.supportedPaymentSources?.map((source): SupportedPaymentSource => ({
        address: source.address,
        pricing: pricingOf(source.pricing),
      })) ?? null,
  };
}

export class Registry {
  private readonly entries: RegistryEntry[] = [];
  private blockHeight = 4_000_000;

  constructor(private readonly now: () => number) {}

  add(entry: RegistryEntry): void {
    this.entries.push(entry);
    this.entries.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  }

  create(
    fields: Omit<
      RegistryEntry,
      "id" | "createdAt" | "updatedAt" | "state" | "error" | "agentIdentifier" | "currentTransaction"
    >,
  ): RegistryEntry {
    const now = new Date(this.now());
    const entry: RegistryEntry = {
      ...fields,
      id: newId(),
      createdAt: now,
      updatedAt: now,
      state: "RegistrationRequested",
      error: null,
      agentIdentifier: null,
      currentTransaction: null,
    };
    this.entries.push(entry);
    return entry;
  }

  /** Newest first. */
  all(): RegistryEntry[] {
    return [...this.entries].reverse();
  }

  byId(id: string): RegistryEntry | undefined {
    return this.entries.find((entry) => entry.id === id);
  }

  byAgentIdentifier(network: Network, agentIdentifier: string): RegistryEntry | undefined {
    return this.entries.find((entry) => entry.network === network && entry.agentIdentifier === agentIdentifier);
  }

  remove(entry: RegistryEntry): void {
    this.entries.splice(this.entries.indexOf(entry), 1);
  }

  /** What a route writes itself: DeregistrationRequested, UpdateRequested. */
  request(entry: RegistryEntry, state: "DeregistrationRequested" | "UpdateRequested"): void {
    entry.state = state;
    entry.updatedAt = new Date(this.now());
  }

  /**
   * One step of the register / deregister / update job and the chain. `agentIdentifier` fixes the
   * minted identifier (the recording's simulation chose it; at registration-initiated, and at a V2
   * update-confirmed); otherwise a new one is made.
   */
  step(entry: RegistryEntry, step: RegistryStep, agentIdentifier?: string): void {
    const { from, to } = REGISTRY_STEPS[step];
    if (!(from as readonly RegistrationState[]).includes(entry.state)) {
      throw new RegistryStepError(`Cannot ${step} a registration in ${entry.state}`);
    }
    const now = this.now();
    if (to === "RegistrationInitiated" || to === "DeregistrationInitiated") {
      if (to === "RegistrationInitiated") entry.agentIdentifier = agentIdentifier ?? newAgentIdentifier(entry.source);
      entry.currentTransaction = {
        txHash: randomHex(32),
        status: "Pending",
        confirmations: null,
        fees: null,
        blockHeight: null,
        blockTime: null,
      };
    } else if (to === "RegistrationConfirmed" || to === "DeregistrationConfirmed") {
      this.blockHeight += 50;
      entry.currentTransaction = {
        txHash: entry.currentTransaction?.txHash ?? randomHex(32),
        status: "Confirmed",
        confirmations: CONFIRMATIONS,
        fees: to === "RegistrationConfirmed" ? MINT_FEES : BURN_FEES,
        blockHeight: this.blockHeight,
        blockTime: Math.floor(now / 1000),
      };
    } else if (to === "UpdateConfirmed" && entry.source.paymentSourceType === "Web3CardanoV2") {
      // A V2 update mints the agent's next version under a new asset name (spec section 6; the
      // recording stops before the update job, so the new name is made like a first one).
      entry.agentIdentifier = agentIdentifier ?? newAgentIdentifier(entry.source);
    } else if (to === "RegistrationFailed") {
      entry.error = "simulated: offline";
    }
    entry.state = to;
    entry.updatedAt = new Date(now);
  }
}

/** A registry entry as the routes answer it (registry/index.ts `registryEntrySchema`). */
export function registryJson(entry: RegistryEntry) {
  return {
    error: entry.error,
    id: entry.id,
    name: entry.name,
    description: entry.description,
    apiBaseUrl: entry.apiBaseUrl,
    Capability: entry.Capability,
    Author: entry.Author,
    Legal: entry.Legal,
    state: entry.state,
    Tags: entry.Tags,
    createdAt: entry.createdAt.toISOString(),
    updatedAt: entry.updatedAt.toISOString(),
    lastCheckedAt: null,
    ExampleOutputs: entry.ExampleOutputs,
    agentIdentifier: entry.agentIdentifier,
    AgentPricing: entry.AgentPricing,
    sendFundingLovelace: entry.sendFundingLovelace,
    supportedPaymentSources: entry.supportedPaymentSources,
    verifications: null,
    SmartContractWallet: {
      walletVkey: entry.source.sellingWallet.walletVkey,
      walletAddress: entry.source.sellingWallet.walletAddress,
    },
    RecipientWallet: null,
    CurrentTransaction: entry.currentTransaction,
  };
}

export type RegistryEntryJson = ReturnType<typeof registryJson>;

/** GET /registry/agent-identifier: the NFT's on-chain metadata (version 1 for V1, 2 for V2). */
export function agentMetadataJson(entry: RegistryEntry) {
  const identifier = entry.agentIdentifier!;
  const present = <T extends Record<string, unknown>>(fields: T) =>
    Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== null)) as Partial<T>;
  return {
    policyId: identifier.slice(0, 56),
    assetName: identifier.slice(56),
    agentIdentifier: identifier,
    Metadata: {
      name: entry.name,
      description: entry.description,
      apiBaseUrl: entry.apiBaseUrl,
      ExampleOutputs: entry.ExampleOutputs.map(({ name, mimeType, url }) => ({ name, mimeType, url })),
      Tags: entry.Tags,
      Capability: entry.Capability,
      Author: present(entry.Author),
      Legal: present(entry.Legal),
      AgentPricing: entry.AgentPricing,
      image: "ipfs://QmXXW7tmBgpQpXoJMAMEXXFe9dyQcrLFKGuzxnHDnbKC7f",
      metadataVersion: entry.source.paymentSourceType === "Web3CardanoV2" ? 2 : 1,
      supportedPaymentSources: entry.supportedPaymentSources,
      verifications: null,
    },
  };
}
