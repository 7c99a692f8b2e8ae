/**
 * The listing file: what an agent's registry entry says about it, in the one file its author
 * edits (JSON with comments, so every runtime reads it alike). Read here into a typed listing,
 * with one problem per wrong or missing value; the limits are section 6's (./limits.ts).
 */
import { readFile } from "node:fs/promises";
import type { Network } from "../payment/masumi/payment-service.ts";
import { parseJsonc } from "./jsonc.ts";
import { LIMITS } from "./limits.ts";
import { Refusal } from "./refusal.ts";

export const LISTING_FILE = "masumi.listing.jsonc";

export interface Price {
  /** USDM (Mainnet), tUSDM (Preprod), lovelace, or an asset id (policy id + asset name, hex). */
  unit: string;
  /** In the unit's smallest denomination, as a whole number (1 tUSDM = 1000000). */
  amount: string;
}

export interface Listing {
  name: string;
  description: string;
  /** Where the agent answers MIP-003, publicly: the registry checks `${apiBaseUrl}/availability`. */
  apiBaseUrl: string;
  capability: { name: string; version: string };
  author: { name: string; contactEmail?: string; contactOther?: string; organization?: string };
  legal: { privacyPolicy?: string; terms?: string; other?: string };
  tags: string[];
  exampleOutputs: { name: string; url: string; mimeType: string }[];
  /** The price of one job, per network (the one NETWORK names is registered). */
  pricing: Partial<Record<Network, Price[]>>;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Collects the problems of one file while its values are read. */
class Reader {
  readonly problems: string[] = [];

  constructor(private readonly file: string) {}

  /** The text `value` at `path` (e.g. "author.name"), at most `max` characters long. */
  text(value: unknown, path: string, max: number): string;
  text(value: unknown, path: string, max: number, optional: true): string | undefined;
  text(value: unknown, path: string, max: number, optional = false): string | undefined {
    const where = `${this.file}: ${path}`;
    if ((value === undefined || value === null) && optional) return undefined;
    if (typeof value !== "string" || value.trim() === "") {
      this.problems.push(`${where} is ${optional ? "not a text" : "missing"}: write it as a non-empty string`);
      return "";
    }
    if (value.length > max) {
      this.problems.push(`${where} has ${value.length} characters; the registry takes at most ${max}: shorten it`);
    }
    return value;
  }

  object(object: Json, key: string, optional = false): Json {
    const value = object[key];
    if (isObject(value)) return value;
    if (!(optional && value === undefined)) {
      this.problems.push(`${this.file}: ${key} is missing: write it as an object ({ ... })`);
    }
    return {};
  }

  list(object: Json, path: string, range: { min: number; max: number }, what: string): unknown[] {
    const value = object[path] ?? [];
    const where = `${this.file}: ${path}`;
    if (!Array.isArray(value)) {
      this.problems.push(`${where} is not a list: write it as [ ... ]`);
      return [];
    }
    if (value.length < range.min) this.problems.push(`${where} is empty: give at least ${range.min} ${what}`);
    if (value.length > range.max) {
      this.problems.push(`${where} has ${value.length} ${what}; the registry takes at most ${range.max}: remove some`);
    }
    return value;
  }
}

function readPrices(read: Reader, file: string, network: string, value: unknown): Price[] {
  const where = `${file}: pricing.${network}`;
  if (!Array.isArray(value) || value.length === 0) {
    read.problems.push(`${where} is not a list of prices: write [{ "unit": ..., "amount": ... }]`);
    return [];
  }
  if (value.length > LIMITS.prices) {
    read.problems.push(`${where} has ${value.length} prices; the registry takes at most ${LIMITS.prices}`);
  }
  return value.map((price, index) => {
    const unit = isObject(price) ? price.unit : undefined;
    const amount = isObject(price) ? price.amount : undefined;
    if (typeof unit !== "string" || (typeof amount !== "string" && typeof amount !== "number")) {
      read.problems.push(`${where}[${index}] needs a "unit" and an "amount" (a whole number as a string)`);
      return { unit: "", amount: "" };
    }
    return { unit, amount: String(amount) };
  });
}

/** The listing in `json`; a Refusal lists every problem found, one line each with its fix. */
export function readListing(json: unknown, file = LISTING_FILE): Listing {
  if (!isObject(json)) throw new Refusal([`${file} is not a JSON object: write it as { ... }`]);
  const read = new Reader(file);
  const capability = read.object(json, "capability");
  const author = read.object(json, "author");
  const legal = read.object(json, "legal", true);
  const pricing = read.object(json, "pricing");
  const listing: Listing = {
    name: read.text(json.name, "name", LIMITS.name),
    description: read.text(json.description, "description", LIMITS.description),
    apiBaseUrl: read.text(json.apiBaseUrl, "apiBaseUrl", LIMITS.url),
    capability: {
      name: read.text(capability.name, "capability.name", LIMITS.text),
      version: read.text(capability.version, "capability.version", LIMITS.text),
    },
    author: {
      name: read.text(author.name, "author.name", LIMITS.text),
      contactEmail: read.text(author.contactEmail, "author.contactEmail", LIMITS.text, true),
      contactOther: read.text(author.contactOther, "author.contactOther", LIMITS.text, true),
      organization: read.text(author.organization, "author.organization", LIMITS.text, true),
    },
    legal: {
      privacyPolicy: read.text(legal.privacyPolicy, "legal.privacyPolicy", LIMITS.text, true),
      terms: read.text(legal.terms, "legal.terms", LIMITS.text, true),
      other: read.text(legal.other, "legal.other", LIMITS.text, true),
    },
    tags: read
      .list(json, "tags", LIMITS.tags, "tags")
      .map((tag, index) => read.text(tag, `tags[${index}]`, LIMITS.tag)),
    exampleOutputs: read.list(json, "exampleOutputs", LIMITS.exampleOutputs, "example outputs").map((output, index) => {
      const object: Json = isObject(output) ? output : {};
      const path = `exampleOutputs[${index}]`;
      return {
        name: read.text(object.name, `${path}.name`, LIMITS.exampleName),
        url: read.text(object.url, `${path}.url`, LIMITS.url),
        mimeType: read.text(object.mimeType, `${path}.mimeType`, LIMITS.mimeType),
      };
    }),
    pricing: Object.fromEntries(
      Object.entries(pricing).map(([network, prices]) => {
        if (network !== "Preprod" && network !== "Mainnet") {
          read.problems.push(`${file}: pricing.${network} is not a network: use "Preprod" or "Mainnet"`);
        }
        return [network, readPrices(read, file, network, prices)];
      }),
    ),
  };
  if (read.problems.length > 0) throw new Refusal(read.problems);
  return listing;
}

/** Reads and parses the listing file; a missing or unparseable file is a Refusal too. */
export async function readListingFile(path: string): Promise<Listing> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Refusal([
      code === "ENOENT"
        ? `${path} not found: run this in the agent's project, or name the listing file with --listing <file>`
        : `${path} cannot be read: ${(error as Error).message}`,
    ]);
  }
  let json: unknown;
  try {
    json = parseJsonc(text);
  } catch (error) {
    throw new Refusal([`${path} is not valid JSON (comments allowed): ${(error as Error).message}`]);
  }
  return readListing(json, path);
}
