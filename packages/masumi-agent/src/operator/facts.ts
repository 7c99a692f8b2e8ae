/**
 * What the pre-flight checks and doctor read, each read once: the listing, the settings, what the
 * payment service says about the key and the seller's payment source. A fact that cannot be had
 * is an Outcome with its problems, reported by the check that owns it; the checks that need it
 * only say nothing (they are blocked, not failed).
 */
import type { Env } from "../env.ts";
import {
  PaymentServiceError,
  type ApiKeyStatus,
  type Network,
  type PaymentServiceClient,
  type PaymentSourceInfo,
  type WalletInfo,
} from "../payment/masumi/payment-service.ts";
import { readListingFile, type Listing } from "./listing.ts";
import { Refusal } from "./refusal.ts";
import { readSettings, serviceClient, type OperatorSettings } from "./settings.ts";

export type Outcome<T> = { ok: true; value: T } | { ok: false; problems: string[] };

/** The seller's side of a registration: its payment source and the selling wallet's vkey. */
export interface Seller {
  source: PaymentSourceInfo;
  vkey: string;
  /** From GET /wallet/list, when the key may read it. */
  wallet: WalletInfo | undefined;
}

async function outcome<T>(read: () => Promise<T> | T): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await read() };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, problems: error.lines };
    if (error instanceof PaymentServiceError) return { ok: false, problems: [serviceProblem(error)] };
    throw error;
  }
}

/** A payment-service error as one line with the fix. */
export function serviceProblem(error: PaymentServiceError): string {
  if (error.status === undefined) return `${error.message}: start it, or correct PAYMENT_SERVICE_URL`;
  if (error.status === 401) return `${error.message}: check PAYMENT_API_KEY`;
  return error.message;
}

/**
 * What stops `key` from paying on `network`, in one line (undefined: nothing). `needs` says who
 * needs pay rights, e.g. "registering".
 */
export function payRightsProblem(key: ApiKeyStatus, network: Network, needs: string): string | undefined {
  if (!key.canPay) {
    return `PAYMENT_API_KEY is a read-only key (${key.permission}); ${needs} needs a key with pay rights (ReadAndPay or Admin)`;
  }
  const networks = key.NetworkLimit;
  return key.canAdmin || networks.length === 0 || networks.includes(network)
    ? undefined
    : `PAYMENT_API_KEY may not use ${network} (only ${networks.join(", ")}): use a key for ${network}`;
}

function memo<T>(read: () => Promise<Outcome<T>>): () => Promise<Outcome<T>> {
  let value: Promise<Outcome<T>> | undefined;
  return () => (value ??= read());
}

export interface FactsOptions {
  env: Env;
  listingFile: string;
  allowLoopback: boolean;
}

export class Facts {
  readonly allowLoopback: boolean;
  readonly listingFile: string;
  readonly listing: () => Promise<Outcome<Listing>>;
  readonly settings: () => Promise<Outcome<OperatorSettings>>;
  readonly keyStatus: () => Promise<Outcome<ApiKeyStatus>>;
  readonly seller: () => Promise<Outcome<Seller>>;
  #client: PaymentServiceClient | undefined;

  constructor(options: FactsOptions) {
    this.allowLoopback = options.allowLoopback;
    this.listingFile = options.listingFile;
    this.listing = memo(() => outcome(() => readListingFile(options.listingFile)));
    this.settings = memo(() => outcome(() => readSettings(options.env)));
    this.keyStatus = memo(async () => {
      const client = await this.client();
      return client ? outcome(() => client.apiKeyStatus()) : blocked;
    });
    this.seller = memo(async () => {
      const [client, settings, key] = [await this.client(), await this.settings(), await this.keyStatus()];
      if (!client || !settings.ok || !key.ok) return blocked;
      return outcome(() => findSeller(client, settings.value, key.value));
    });
  }

  /** The payment-service client, once the settings are right. */
  async client(): Promise<PaymentServiceClient | undefined> {
    const settings = await this.settings();
    if (!settings.ok) return undefined;
    return (this.#client ??= serviceClient(settings.value));
  }
}

/** A fact that could not be read because another one was missing (that one's check says why). */
const blocked: Outcome<never> = { ok: false, problems: [] };

async function findSeller(
  client: PaymentServiceClient,
  settings: OperatorSettings,
  key: ApiKeyStatus,
): Promise<Seller> {
  const type = settings.paymentSourceType;
  const all = (await client.paymentSources()).filter((source) => source.network === settings.network);
  const sources = all.filter((source) => source.paymentSourceType === type);
  if (sources.length === 0) {
    const others = [...new Set(all.map((source) => source.paymentSourceType))];
    throw new Refusal([
      `the payment service has no ${type} payment source on ${settings.network}` +
        (others.length > 0 ? `: set PAYMENT_SOURCE_TYPE=${others[0]}` : ": add one to your payment service first"),
    ]);
  }
  if (!key.canAdmin) {
    if (settings.sellingWalletVkey && sources.length === 1) {
      return { source: sources[0]!, vkey: settings.sellingWalletVkey, wallet: undefined };
    }
    throw new Refusal([
      settings.sellingWalletVkey
        ? `the payment service has ${sources.length} ${type} sources on ${settings.network} and this key may not list their wallets: use an admin PAYMENT_API_KEY`
        : "this PAYMENT_API_KEY may not read the selling wallet's vkey (GET /wallet/list is admin only): set SELLING_WALLET_VKEY, or use an admin key",
    ]);
  }
  const wallets = await client.sellingWallets();
  const wanted = settings.sellingWalletVkey;
  for (const source of sources) {
    const wallet = wallets.find(
      (candidate) =>
        candidate.paymentSourceId === source.id && (wanted === undefined || candidate.walletVkey === wanted),
    );
    if (wallet) return { source, vkey: wallet.walletVkey, wallet };
  }
  throw new Refusal([
    wanted
      ? `SELLING_WALLET_VKEY ${wanted} is no selling wallet of a ${type} source on ${settings.network}: correct it, or unset it to use the source's own`
      : `no ${type} payment source on ${settings.network} has a selling wallet: add one to your payment service`,
  ]);
}
