/**
 * The input of the registry routes, checked in the order of the real zod schemas
 * (src/routes/api/registry/*.ts), so the 400 messages come out the same.
 */
import { Issues, checkArray, checkCoercedNumber, checkEnum, checkObject, checkString } from "./field-checks.js";
import { NETWORKS, PAYMENT_SOURCE_TYPES, type Network, type PaymentSourceType } from "./model.js";
import { STATUS_BUCKETS, type AgentDescription, type AgentPricingJson, type StatusBucket } from "./registry.js";
import type { Parsed } from "./request-schemas.js";

function finish<T>(issues: Issues, value: T): Parsed<T> {
  return issues.empty ? { ok: true, value } : { ok: false, message: issues.toString() };
}

function optional<T>(value: unknown, check: (value: unknown) => T | undefined): T | undefined {
  return value === undefined ? undefined : check(value);
}

const MAX_ATOMIC = 9223372036854775807n;

/** An atomic amount: digits, and between 1 and 2^63-1 (zod reports both when both fail). */
function checkAtomicAmount(issues: Issues, path: string, value: unknown): string | undefined {
  const text = checkString(issues, path, value);
  if (text === undefined) return undefined;
  const digits = /^\d+$/.test(text);
  if (!digits) issues.add(path, "Invalid string: must match pattern /^\\d+$/");
  if (!digits || BigInt(text) < 1n || BigInt(text) > MAX_ATOMIC) {
    issues.add(path, "Atomic amount must be between 1 and 9223372036854775807");
    return undefined;
  }
  return text;
}

/** A string with a minimum length and a pattern, both reported when both fail. */
function checkPatterned(issues: Issues, path: string, value: unknown, min: number, pattern: RegExp, message: string) {
  if (typeof value !== "string") return checkString(issues, path, value);
  let ok = true;
  if (value.length < min) {
    issues.add(path, `Too small: expected string to have >=${min} characters`);
    ok = false;
  }
  if (!pattern.test(value)) {
    issues.add(path, message);
    ok = false;
  }
  return ok ? value : undefined;
}

const VKEY = /^[0-9a-fA-F]{56}$/;
const BECH32_ADDRESS = /^addr(_test)?1[qpzry9x8gf2tvdw0s3jn54khce6mua7l]+$/;

export interface CardanoSourceInput {
  chain: "Cardano";
  network: Network;
  paymentSourceType: PaymentSourceType;
  address: string;
  pricing: { pricingType: "Fixed"; fixed: { asset: string; amount: string }[] } | { pricingType: "Dynamic" | "Free" };
}

export interface EvmSourceInput {
  chain: "EVM";
  network: string;
}

export type SupportedSourceInput = CardanoSourceInput | EvmSourceInput;

/** One `supportedPaymentSources` entry: a union of a Cardano and an x402 (EVM) option. */
function checkSupportedSource(issues: Issues, path: string, value: unknown): SupportedSourceInput | undefined {
  const invalid = () => {
    issues.add(path, "Invalid input");
    return undefined;
  };
  if (typeof value !== "object" || value === null || Array.isArray(value)) return invalid();
  const entry = value as Record<string, unknown>;
  const pricing = entry.pricing as Record<string, unknown> | undefined;
  if (typeof pricing !== "object" || pricing === null) return invalid();
  if (entry.chain === "EVM") {
    if (pricing.pricingType === "Fixed" && Array.isArray(pricing.fixed)) {
      const missing = pricing.fixed.findIndex(
        (item) => (item as { decimals?: unknown } | null)?.decimals === undefined,
      );
      if (missing >= 0) {
        issues.add(`${path}.pricing.fixed[${missing}].decimals`, "Fixed x402 pricing requires token decimals");
        return undefined;
      }
    }
    return typeof entry.network === "string" ? { chain: "EVM", network: entry.network } : invalid();
  }
  if (
    entry.chain !== "Cardano" ||
    !(NETWORKS as readonly unknown[]).includes(entry.network) ||
    !(PAYMENT_SOURCE_TYPES as readonly unknown[]).includes(entry.paymentSourceType) ||
    typeof entry.address !== "string"
  ) {
    return invalid();
  }
  const base = {
    chain: "Cardano" as const,
    network: entry.network as Network,
    paymentSourceType: entry.paymentSourceType as PaymentSourceType,
    address: entry.address,
  };
  if (pricing.pricingType === "Free") return { ...base, pricing: { pricingType: "Free" } };
  if (pricing.pricingType === "Dynamic") {
    if (pricing.dynamic !== undefined) {
      issues.add(`${path}.pricing.dynamic`, "Cardano dynamic pricing does not support an asset allowlist");
      return undefined;
    }
    return { ...base, pricing: { pricingType: "Dynamic" } };
  }
  if (pricing.pricingType !== "Fixed" || !Array.isArray(pricing.fixed)) return invalid();
  const items = pricing.fixed as unknown[];
  if (items.some((item) => typeof (item as { amount?: unknown } | null)?.amount !== "string")) return invalid();
  const fixed = checkArray(issues, `${path}.pricing.fixed`, items, { min: 1, max: 5 }, (itemPath, item) => {
    const { asset, amount, decimals } = item as Record<string, unknown>;
    if (decimals !== undefined) {
      issues.add(`${itemPath}.decimals`, "Cardano fixed pricing does not use decimals");
      return undefined;
    }
    const checkedAsset = checkString(issues, `${itemPath}.asset`, asset);
    const checkedAmount = checkAtomicAmount(issues, `${itemPath}.amount`, amount);
    return checkedAsset === undefined || checkedAmount === undefined
      ? undefined
      : { asset: checkedAsset, amount: checkedAmount };
  });
  return fixed ? { ...base, pricing: { pricingType: "Fixed", fixed } } : undefined;
}

/** V1's top-level AgentPricing: Fixed with 1-5 prices, Free, or Dynamic. */
function checkAgentPricing(issues: Issues, value: unknown): AgentPricingJson | undefined {
  const object = value as Record<string, unknown> | null;
  if (object?.pricingType === "Free" || object?.pricingType === "Dynamic") return { pricingType: object.pricingType };
  if (object?.pricingType !== "Fixed" || !Array.isArray(object.Pricing)) {
    issues.add("AgentPricing", "Invalid input");
    return undefined;
  }
  const prices = checkArray(issues, "AgentPricing.Pricing", object.Pricing, { min: 1, max: 5 }, (path, item) => {
    const price = checkObject(issues, path, item);
    if (!price) return undefined;
    const unit = checkString(issues, `${path}.unit`, price.unit);
    const amount = checkAtomicAmount(issues, `${path}.amount`, price.amount);
    return unit === undefined || amount === undefined ? undefined : { amount, unit };
  });
  return prices ? { pricingType: "Fixed", Pricing: prices } : undefined;
}

function checkOptionalText(issues: Issues, path: string, value: unknown): string | null | undefined {
  return value === undefined || value === null ? null : checkString(issues, path, value, { max: 250 });
}

function checkDescription(issues: Issues, body: Record<string, unknown>): Partial<AgentDescription> {
  const ExampleOutputs = checkArray(issues, "ExampleOutputs", body.ExampleOutputs, { max: 25 }, (path, item) => {
    const output = checkObject(issues, path, item);
    if (!output) return undefined;
    const name = checkString(issues, `${path}.name`, output.name, { max: 60 });
    const url = checkString(issues, `${path}.url`, output.url, { max: 250 });
    const mimeType = checkString(issues, `${path}.mimeType`, output.mimeType, { max: 60 });
    return name === undefined || url === undefined || mimeType === undefined ? undefined : { name, url, mimeType };
  });
  const Tags = checkArray(issues, "Tags", body.Tags, { min: 1, max: 15 }, (path, tag) =>
    checkString(issues, path, tag, { max: 63 }),
  );
  const name = checkString(issues, "name", body.name, { max: 250 });
  let apiBaseUrl = checkString(issues, "apiBaseUrl", body.apiBaseUrl, { max: 250 });
  if (apiBaseUrl !== undefined && !URL.canParse(apiBaseUrl)) {
    issues.add("apiBaseUrl", "Invalid URL");
    apiBaseUrl = undefined;
  }
  const description = checkString(issues, "description", body.description, { max: 250 });
  const capability = checkObject(issues, "Capability", body.Capability);
  const Capability = capability && {
    name: checkString(issues, "Capability.name", capability.name, { max: 250 }),
    version: checkString(issues, "Capability.version", capability.version, { max: 250 }),
  };
  const author = checkObject(issues, "Author", body.Author);
  const Author = author && {
    name: checkString(issues, "Author.name", author.name, { max: 250 }),
    contactEmail: checkOptionalText(issues, "Author.contactEmail", author.contactEmail),
    contactOther: checkOptionalText(issues, "Author.contactOther", author.contactOther),
    organization: checkOptionalText(issues, "Author.organization", author.organization),
  };
  const legal = body.Legal === undefined ? {} : checkObject(issues, "Legal", body.Legal);
  const Legal = legal && {
    privacyPolicy: checkOptionalText(issues, "Legal.privacyPolicy", legal.privacyPolicy),
    terms: checkOptionalText(issues, "Legal.terms", legal.terms),
    other: checkOptionalText(issues, "Legal.other", legal.other),
  };
  return {
    ExampleOutputs,
    Tags,
    name,
    apiBaseUrl,
    description,
    Capability,
    Author,
    Legal,
  } as Partial<AgentDescription>;
}

export interface PricingInput {
  AgentPricing: AgentPricingJson | undefined;
  supportedPaymentSources: SupportedSourceInput[] | undefined;
}

function checkPricing(issues: Issues, body: Record<string, unknown>): PricingInput {
  return {
    AgentPricing: optional(body.AgentPricing, (pricing) => checkAgentPricing(issues, pricing)),
    supportedPaymentSources: optional(body.supportedPaymentSources, (sources) =>
      checkArray(issues, "supportedPaymentSources", sources, { min: 1, max: 25 }, (path, source) =>
        checkSupportedSource(issues, path, source),
      ),
    ),
  };
}

export interface RegisterInput extends AgentDescription, PricingInput {
  network: Network;
  sellingWalletVkey: string;
  sendFundingLovelace: string | undefined;
  recipientWalletAddress: string | undefined;
}

export function parseRegister(body: Record<string, unknown>): Parsed<RegisterInput> {
  const issues = new Issues();
  const network = checkEnum(issues, "network", body.network, NETWORKS);
  const sellingWalletVkey = checkPatterned(
    issues,
    "sellingWalletVkey",
    body.sellingWalletVkey,
    56,
    VKEY,
    "sellingWalletVkey must be a 56-char hex blake2b-224 payment-key hash",
  );
  const description = checkDescription(issues, body);
  const pricing = checkPricing(issues, body);
  const sendFundingLovelace = optional(body.sendFundingLovelace, (amount) => {
    const text = checkString(issues, "sendFundingLovelace", amount);
    if (text !== undefined && !/^\d+$/.test(text)) {
      issues.add("sendFundingLovelace", "Invalid string: must match pattern /^\\d+$/");
      return undefined;
    }
    return text;
  });
  const recipientWalletAddress = optional(body.recipientWalletAddress, (address) =>
    checkPatterned(
      issues,
      "recipientWalletAddress",
      address,
      58,
      BECH32_ADDRESS,
      "recipientWalletAddress must be a bech32 Cardano address",
    ),
  );
  return finish(issues, {
    network,
    sellingWalletVkey,
    ...description,
    ...pricing,
    sendFundingLovelace,
    recipientWalletAddress,
  } as RegisterInput);
}

export interface UpdateInput extends AgentDescription, PricingInput {
  network: Network;
  agentIdentifier: string;
  smartContractAddress: string | undefined;
}

export function parseUpdate(body: Record<string, unknown>): Parsed<UpdateInput> {
  const issues = new Issues();
  const network = checkEnum(issues, "network", body.network, NETWORKS);
  const agentIdentifier = checkAgentIdentifier(issues, body.agentIdentifier);
  const smartContractAddress = checkContractAddress(issues, body.smartContractAddress);
  const description = checkDescription(issues, body);
  const pricing = checkPricing(issues, body);
  return finish(issues, { network, agentIdentifier, smartContractAddress, ...description, ...pricing } as UpdateInput);
}

function checkAgentIdentifier(issues: Issues, value: unknown): string | undefined {
  const text = checkString(issues, "agentIdentifier", value, { min: 57, max: 250 });
  if (text !== undefined && !/^[0-9a-fA-F]+$/.test(text)) {
    issues.add("agentIdentifier", "agentIdentifier must be a hex string (policyId + assetName)");
    return undefined;
  }
  return text;
}

function checkContractAddress(issues: Issues, value: unknown): string | undefined {
  return optional(value, (address) =>
    checkPatterned(
      issues,
      "smartContractAddress",
      address,
      58,
      BECH32_ADDRESS,
      "smartContractAddress must be a bech32 Cardano address",
    ),
  );
}

export interface DeregisterInput {
  network: Network;
  agentIdentifier: string;
  smartContractAddress: string | undefined;
}

export function parseDeregister(body: Record<string, unknown>): Parsed<DeregisterInput> {
  const issues = new Issues();
  const value = {
    network: checkEnum(issues, "network", body.network, NETWORKS),
    agentIdentifier: checkAgentIdentifier(issues, body.agentIdentifier),
    smartContractAddress: checkContractAddress(issues, body.smartContractAddress),
  };
  return finish(issues, value as DeregisterInput);
}

export function parseDeleteRegistration(body: Record<string, unknown>): Parsed<{ id: string }> {
  const issues = new Issues();
  let id = checkString(issues, "id", body.id);
  if (id !== undefined && !/^c[a-z0-9]{8,}$/.test(id)) {
    issues.add("id", "Invalid cuid");
    id = undefined;
  }
  return finish(issues, { id } as { id: string });
}

export interface RegistryFilter {
  network: Network;
  filterStatus: StatusBucket | undefined;
  filterAgentIdentifier: string | undefined;
  filterPaymentSourceType: PaymentSourceType | undefined;
  filterSmartContractAddress: string | undefined;
  filterSupportedPaymentSourceAddress: string | undefined;
  filterSupportedPaymentSourceNetworks: string[] | undefined;
  searchQuery: string | undefined;
}

export interface ListRegistryInput extends RegistryFilter {
  limit: number;
  cursorId: string | undefined;
}

function checkRegistryFilter(issues: Issues, query: Record<string, unknown>): Partial<RegistryFilter> {
  return {
    network: checkEnum(issues, "network", query.network, NETWORKS),
    filterStatus: optional(query.filterStatus, (status) =>
      checkEnum(issues, "filterStatus", status, Object.keys(STATUS_BUCKETS) as StatusBucket[]),
    ),
    filterAgentIdentifier: optional(query.filterAgentIdentifier, (identifier) =>
      checkString(issues, "filterAgentIdentifier", identifier, { min: 57, max: 250 }),
    ),
    filterPaymentSourceType: optional(query.filterPaymentSourceType, (type) =>
      checkEnum(issues, "filterPaymentSourceType", type, PAYMENT_SOURCE_TYPES),
    ),
    filterSmartContractAddress: optional(query.filterSmartContractAddress, (address) =>
      checkString(issues, "filterSmartContractAddress", address),
    ),
    filterSupportedPaymentSourceAddress: optional(query.filterSupportedPaymentSourceAddress, (address) =>
      checkString(issues, "filterSupportedPaymentSourceAddress", address),
    ),
    filterSupportedPaymentSourceNetworks: optional(query.filterSupportedPaymentSourceNetworks, (networks) =>
      checkString(issues, "filterSupportedPaymentSourceNetworks", networks)?.split(","),
    ),
    searchQuery: optional(query.searchQuery, (text) => checkString(issues, "searchQuery", text)),
  };
}

export function parseListRegistry(query: Record<string, unknown>): Parsed<ListRegistryInput> {
  const issues = new Issues();
  const value = {
    limit: checkCoercedNumber(issues, "limit", query.limit, { min: 1, max: 100, fallback: 10 }),
    cursorId: optional(query.cursorId, (cursor) => checkString(issues, "cursorId", cursor)),
    ...checkRegistryFilter(issues, query),
  };
  return finish(issues, value as ListRegistryInput);
}

export function parseCountRegistry(query: Record<string, unknown>): Parsed<RegistryFilter> {
  const issues = new Issues();
  return finish(issues, checkRegistryFilter(issues, query) as RegistryFilter);
}

export function parseAgentIdentifierQuery(
  query: Record<string, unknown>,
): Parsed<{ agentIdentifier: string; network: Network }> {
  const issues = new Issues();
  const agentIdentifier = checkString(issues, "agentIdentifier", query.agentIdentifier, { min: 57, max: 250 });
  const network = checkEnum(issues, "network", query.network, NETWORKS);
  return finish(issues, { agentIdentifier, network } as { agentIdentifier: string; network: Network });
}
