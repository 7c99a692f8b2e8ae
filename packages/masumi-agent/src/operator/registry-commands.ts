/**
 * `masumi-agent registry status|update|deregister`: the project's own registry entry, found by the
 * AGENT_IDENTIFIER in its .env.
 */
import type { PaymentServiceClient, RegistryEntry } from "../payment/masumi/payment-service.ts";
import { PaymentServiceError } from "../payment/masumi/payment-service.ts";
import { serviceProblem } from "./facts.ts";
import { DEREGISTERED, UPDATED, followEntry } from "./follow.ts";
import { preflight, settled, type OperatorOptions } from "./register.ts";
import { Refusal, Stopped } from "./refusal.ts";
import { updateBody } from "./registration-body.ts";
import { writeRegistrationEnv } from "./registration-env.ts";
import { projectEnv, readSettings, serviceClient, type OperatorSettings } from "./settings.ts";
import { confirmed, type Terminal } from "./terminal.ts";

export interface EnvOptions {
  envFile: string;
}

interface Registered {
  settings: OperatorSettings;
  client: PaymentServiceClient;
  agentIdentifier: string;
  entry: RegistryEntry;
}

/** The entry of AGENT_IDENTIFIER; a Refusal when there is none to act on. */
async function registered(envFile: string): Promise<Registered> {
  const settings = readSettings(await projectEnv(envFile));
  const agentIdentifier = settings.agentIdentifier;
  if (!agentIdentifier) throw new Refusal([`AGENT_IDENTIFIER is not set in ${envFile}: run register first`]);
  const client = serviceClient(settings);
  let entries: RegistryEntry[];
  try {
    entries = await client.registryEntries({ filterAgentIdentifier: agentIdentifier });
  } catch (error) {
    if (error instanceof PaymentServiceError) throw new Refusal([serviceProblem(error)]);
    throw error;
  }
  const entry = entries[0];
  if (!entry) {
    throw new Refusal([
      `the payment service has no registry entry for AGENT_IDENTIFIER ${agentIdentifier} on ${settings.network}: correct it, or run register`,
    ]);
  }
  return { settings, client, agentIdentifier, entry };
}

export async function registryStatus(options: EnvOptions, terminal: Terminal): Promise<void> {
  const { entry, settings } = await registered(options.envFile);
  terminal.print(`${entry.name} (entry ${entry.id}) on ${settings.network}`);
  terminal.print(`  state            ${entry.state}${entry.error ? ` (${entry.error})` : ""}`);
  terminal.print(`  agentIdentifier  ${entry.agentIdentifier}`);
  terminal.print(`  apiBaseUrl       ${entry.apiBaseUrl}`);
  terminal.print(`  updated          ${entry.updatedAt}`);
}

export async function registryUpdate(options: OperatorOptions, terminal: Terminal): Promise<void> {
  const { entry, agentIdentifier, settings: registeredWith } = await registered(options.envFile);
  // Before the pre-flight: on V1 its findings (an agent down, say) would hide the one that matters.
  // The pre-flight then picks the payment source of this same type.
  if (registeredWith.paymentSourceType !== "Web3CardanoV2") {
    throw new Refusal([
      "registry update is for Web3CardanoV2 sources only: on V1, deregister and register again",
    ]);
  }
  const { client, listing, settings, seller } = await preflight(options);
  if (
    !(await confirmed(
      terminal,
      `update the registry entry of "${entry.name}" on ${settings.network} (a new identifier is minted)`,
      options.yes,
    ))
  ) {
    throw new Stopped(["Not updated: nothing was sent."]);
  }
  const requested = await client.updateRegistration(updateBody(listing, settings.network, seller, agentIdentifier));
  terminal.print(`Update requested: entry ${requested.id}.`);
  const followed = await followEntry({
    client,
    filter: { filterSmartContractAddress: seller.source.smartContractAddress },
    id: requested.id,
    goal: UPDATED,
    timeoutMs: options.timeoutMs,
    terminal,
  });
  // Its listing's name and URL find the entry again, whose new identifier register then writes.
  const identifier = settled(followed, "run register to follow it and write its new identifier");
  await writeRegistrationEnv(options.envFile, identifier, seller.source.paymentSourceType);
  terminal.print(
    identifier === agentIdentifier
      ? "Updated; the identifier is unchanged."
      : `Updated: the new AGENT_IDENTIFIER=${identifier} is in ${options.envFile}; restart the agent.`,
  );
}

export async function registryDeregister(
  options: EnvOptions & { yes: boolean; timeoutMs: number },
  terminal: Terminal,
): Promise<void> {
  const { entry, settings, client, agentIdentifier } = await registered(options.envFile);
  if (
    !(await confirmed(
      terminal,
      `deregister "${entry.name}" (${agentIdentifier}) on ${settings.network}: buyers can no longer pay it`,
      options.yes,
    ))
  ) {
    throw new Stopped(["Not deregistered: nothing was sent."]);
  }
  const requested = await client.deregister(agentIdentifier);
  terminal.print(`Deregistration requested: entry ${requested.id}.`);
  const followed = await followEntry({
    client,
    filter: { filterAgentIdentifier: agentIdentifier },
    id: requested.id,
    goal: DEREGISTERED,
    timeoutMs: options.timeoutMs,
    terminal,
  });
  settled(followed, "registry status shows where it is");
  terminal.print(
    `Deregistered. AGENT_IDENTIFIER in ${options.envFile} now names a burned agent: register again to take paid jobs.`,
  );
}
