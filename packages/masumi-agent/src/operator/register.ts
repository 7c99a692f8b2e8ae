/**
 * `masumi-agent register`: the pre-flight checks, then POST /registry on the author's payment
 * service, then following the entry until it is confirmed, and its identifier into .env. An entry
 * of the same listing already requested (an earlier run that timed out or was stopped) is
 * followed instead of registering twice.
 */
import type { PaymentServiceClient, RegistryEntry } from "../payment/masumi/payment-service.ts";
import { Facts, type Seller } from "./facts.ts";
import { REGISTERED, followEntry, type Followed } from "./follow.ts";
import type { Listing } from "./listing.ts";
import { preflightProblems } from "./preflight.ts";
import { Refusal, Stopped } from "./refusal.ts";
import { registerBody } from "./registration-body.ts";
import { writeRegistrationEnv } from "./registration-env.ts";
import { projectEnv, type OperatorSettings } from "./settings.ts";
import { confirmed, type Terminal } from "./terminal.ts";

export interface OperatorOptions {
  /** The listing file. */
  listing: string;
  /** The project's .env: read for the settings, written with the identifier. */
  envFile: string;
  allowLoopback: boolean;
  yes: boolean;
  /** How long to follow the entry before stopping (it goes on; run again to follow it further). */
  timeoutMs: number;
}

export interface RegisterOptions extends OperatorOptions {
  dryRun: boolean;
}

/** What every registry write starts from: the checked listing, settings, client and seller. */
export interface Checked {
  listing: Listing;
  settings: OperatorSettings;
  client: PaymentServiceClient;
  seller: Seller;
}

/** Runs the pre-flight checks; a Refusal carries every problem they found. */
export async function preflight(options: OperatorOptions): Promise<Checked> {
  const facts = new Facts({
    env: await projectEnv(options.envFile),
    listingFile: options.listing,
    allowLoopback: options.allowLoopback,
  });
  const problems = await preflightProblems(facts);
  const [listing, settings, client, seller] = [
    await facts.listing(),
    await facts.settings(),
    await facts.client(),
    await facts.seller(),
  ];
  if (problems.length > 0 || !listing.ok || !settings.ok || !client || !seller.ok) throw new Refusal(problems);
  return { listing: listing.value, settings: settings.value, client, seller: seller.value };
}

/**
 * States of an entry of this listing that a new registration would duplicate: one being
 * registered or updated (an update that timed out is followed to its new identifier this way).
 */
const UNDERWAY = [
  "RegistrationRequested",
  "RegistrationInitiated",
  "RegistrationConfirmed",
  "UpdateRequested",
  "UpdateInitiated",
  "UpdateConfirmed",
];

async function earlierEntry({ client, listing, seller }: Checked): Promise<RegistryEntry | undefined> {
  const entries = await client.registryEntries({ filterSmartContractAddress: seller.source.smartContractAddress });
  return entries.find(
    (entry) => entry.name === listing.name && entry.apiBaseUrl === listing.apiBaseUrl && UNDERWAY.includes(entry.state),
  );
}

export async function register(options: RegisterOptions, terminal: Terminal): Promise<void> {
  const checked = await preflight(options);
  const { client, listing, settings, seller } = checked;
  const type = seller.source.paymentSourceType;
  terminal.print(
    `Pre-flight checks passed: ${listing.name} on ${settings.network}, ${type} source ${seller.source.smartContractAddress}`,
  );
  let entry = await earlierEntry(checked);
  if (entry) {
    terminal.print(
      `Following the registration requested earlier (entry ${entry.id}, ${entry.state}); nothing new is sent.`,
    );
  } else {
    const body = registerBody(listing, settings.network, seller);
    if (options.dryRun) {
      terminal.print(`Would send POST ${settings.serviceUrl.replace(/\/+$/, "")}/registry (token: PAYMENT_API_KEY):`);
      terminal.print(JSON.stringify(body, null, 2));
      return;
    }
    if (
      !(await confirmed(
        terminal,
        `register "${listing.name}" on ${settings.network} (this mints an NFT and costs fees)`,
        options.yes,
      ))
    ) {
      throw new Stopped(["Not registered: nothing was sent."]);
    }
    entry = await client.register(body);
    terminal.print(`Registration requested: entry ${entry.id}.`);
  }
  if (options.dryRun) return;
  const followed = await followEntry({
    client,
    filter: { filterSmartContractAddress: seller.source.smartContractAddress },
    id: entry.id,
    goal: REGISTERED,
    timeoutMs: options.timeoutMs,
    terminal,
  });
  const identifier = settled(followed, "run register again to follow it (nothing is sent twice)");
  await writeRegistrationEnv(options.envFile, identifier, type);
  terminal.print(`Registered: AGENT_IDENTIFIER=${identifier} is in ${options.envFile}.`);
  terminal.print("Restart the agent so that /availability answers it (the registry checks it), then run doctor.");
}

/**
 * The identifier of a followed entry that got where it should; else Stopped with what to do
 * (`resume`: how to follow it further after a timeout).
 */
export function settled(followed: Followed, resume: string): string {
  const { entry } = followed;
  if (followed.outcome === "done" && entry?.agentIdentifier) return entry.agentIdentifier;
  if (followed.outcome === "timeout") {
    throw new Stopped([`Still ${entry?.state} after the timeout; the payment service goes on with it: ${resume}.`]);
  }
  if (followed.outcome === "gone") throw new Stopped(["The registry entry is gone (deleted meanwhile)."]);
  throw new Stopped([`The registry entry ${entry?.id} is ${entry?.state}${entry?.error ? `: ${entry.error}` : ""}.`]);
}
