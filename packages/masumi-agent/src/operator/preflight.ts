/**
 * What `register` (and `registry update`) checks before it spends anything: everything the
 * registry, its health check or the marketplace would refuse later, when fixing it costs a new
 * registration. Each check is data: an id, what it holds to, and a run that returns one line per
 * problem, each with its fix (none: it holds, or a check it depends on already said why not).
 */
import { availabilityProblems, inputSchemaProblems } from "./agent-probe.ts";
import { payRightsProblem, type Facts } from "./facts.ts";
import { pricingProblems } from "./pricing.ts";
import { publicUrlProblem } from "./public-url.ts";

export interface PreflightCheck {
  id: string;
  title: string;
  run(facts: Facts): Promise<string[]>;
}

/** The listing's URL, when it is one the registry could reach (the agent checks need it). */
async function reachableUrl(facts: Facts): Promise<string | undefined> {
  const listing = await facts.listing();
  if (!listing.ok || publicUrlProblem(listing.value.apiBaseUrl, facts.allowLoopback)) return undefined;
  return listing.value.apiBaseUrl;
}

export const PREFLIGHT_CHECKS: readonly PreflightCheck[] = [
  {
    id: "listing",
    title: "the listing file reads, and every value is within the registry's limits (section 6)",
    run: async (facts) => {
      const listing = await facts.listing();
      return listing.ok ? [] : listing.problems;
    },
  },
  {
    id: "environment",
    title: "PAYMENT_SERVICE_URL, PAYMENT_API_KEY, NETWORK, PAYMENT_SOURCE_TYPE and the identifiers are well-formed",
    run: async (facts) => {
      const settings = await facts.settings();
      return settings.ok ? [] : settings.problems;
    },
  },
  {
    id: "pricing",
    title: "the price for NETWORK is in a unit the marketplace sells there (USDM / tUSDM / lovelace), in whole numbers",
    run: async (facts) => {
      const [listing, settings] = [await facts.listing(), await facts.settings()];
      if (!listing.ok || !settings.ok) return [];
      const { network } = settings.value;
      return pricingProblems(listing.value.pricing[network], network, facts.listingFile);
    },
  },
  {
    id: "api-base-url",
    title: "apiBaseUrl is a public http(s) URL without query or fragment",
    run: async (facts) => {
      const listing = await facts.listing();
      if (!listing.ok) return [];
      const problem = publicUrlProblem(listing.value.apiBaseUrl, facts.allowLoopback);
      return problem ? [`${facts.listingFile}: apiBaseUrl ${problem}`] : [];
    },
  },
  {
    id: "payment-service",
    title: "the payment service answers with this PAYMENT_API_KEY",
    run: async (facts) => {
      const key = await facts.keyStatus();
      return key.ok ? [] : key.problems;
    },
  },
  {
    id: "pay-rights",
    title: "the key may pay (register) on NETWORK",
    run: async (facts) => {
      const [key, settings] = [await facts.keyStatus(), await facts.settings()];
      if (!key.ok || !settings.ok) return [];
      const problem = payRightsProblem(key.value, settings.value.network, "registering");
      return problem ? [problem] : [];
    },
  },
  {
    id: "payment-source",
    title:
      "a payment source of PAYMENT_SOURCE_TYPE on NETWORK and its selling wallet's vkey (they decide the V1 or V2 body)",
    run: async (facts) => {
      const [key, seller] = [await facts.keyStatus(), await facts.seller()];
      // Without pay rights nothing is registered; the wallet list would only add a second refusal.
      if (!key.ok || !key.value.canPay) return [];
      return seller.ok ? [] : seller.problems;
    },
  },
  {
    id: "availability",
    title: `GET {apiBaseUrl}/availability answers 2xx with type "masumi-agent" (or this AGENT_IDENTIFIER) within 32 s`,
    run: async (facts) => {
      const [url, settings] = [await reachableUrl(facts), await facts.settings()];
      if (url === undefined || !settings.ok) return [];
      return availabilityProblems(url, settings.value.agentIdentifier);
    },
  },
  {
    id: "input-schema",
    title: "GET {apiBaseUrl}/input_schema passes the marketplace's schema rules",
    run: async (facts) => {
      const url = await reachableUrl(facts);
      return url === undefined ? [] : inputSchemaProblems(url);
    },
  },
];

/** Every problem the checks find, in the checks' order. */
export async function preflightProblems(facts: Facts): Promise<string[]> {
  const found = await Promise.all(PREFLIGHT_CHECKS.map((check) => check.run(facts)));
  return found.flat();
}
