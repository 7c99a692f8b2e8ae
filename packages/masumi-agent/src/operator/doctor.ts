/**
 * `masumi-agent doctor`: what stands between this project and a paid job, one check at a time,
 * each a line. Exit 0 only when nothing blocks; warnings (a low balance) do not block.
 */
import { EnvReader, type Env } from "../env.ts";
import { readPaymentConfig, type PaymentConfig } from "../payment/masumi/index.ts";
import {
  PaymentServiceClient,
  PaymentServiceError,
  type RegistryEntry,
} from "../payment/masumi/payment-service.ts";
import { registrationProblems } from "../payment/masumi/registration.ts";
import { availabilityProblems } from "./agent-probe.ts";
import { balanceReport } from "./balance.ts";
import { payRightsProblem, serviceProblem, type Outcome } from "./facts.ts";
import { publicUrlProblem } from "./public-url.ts";
import { Stopped } from "./refusal.ts";
import { projectEnv } from "./settings.ts";
import type { Terminal } from "./terminal.ts";

export interface DoctorOptions {
  envFile: string;
  allowLoopback: boolean;
}

interface Verdict {
  /** Each blocks a paid job. */
  problems: string[];
  warnings?: string[];
  /** Facts worth showing that neither block nor warn (printed under the check's line). */
  notes?: string[];
  /** Not checked: what it needs is missing, and an earlier check said why. */
  skipped?: true;
}

interface DoctorCheck {
  id: string;
  title: string;
  run(facts: DoctorFacts): Promise<Verdict>;
}

const REGISTERED_STATES = ["RegistrationConfirmed", "UpdateConfirmed"];

const ok: Verdict = { problems: [] };
const skipped: Verdict = { problems: [], skipped: true };

async function served<T>(read: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await read() };
  } catch (error) {
    if (error instanceof PaymentServiceError)
      return { ok: false, problems: [serviceProblem(error)] };
    throw error;
  }
}

/** What the checks read, each once. */
class DoctorFacts {
  readonly config: Outcome<PaymentConfig>;
  readonly #client: PaymentServiceClient | undefined;
  #key: Promise<Outcome<Awaited<ReturnType<PaymentServiceClient["apiKeyStatus"]>>>> | undefined;
  #entry: Promise<Outcome<RegistryEntry | undefined>> | undefined;

  constructor(
    env: Env,
    readonly allowLoopback: boolean,
  ) {
    const read = new EnvReader(env);
    const config = readPaymentConfig(read);
    this.config =
      read.problems.length > 0
        ? { ok: false, problems: read.problems }
        : { ok: true, value: config };
    this.#client = this.config.ok
      ? new PaymentServiceClient({
          url: config.serviceUrl,
          apiKey: config.apiKey,
          network: config.network,
          paymentSourceType: config.paymentSourceType,
        })
      : undefined;
  }

  get client(): PaymentServiceClient | undefined {
    return this.#client;
  }

  key() {
    const client = this.#client;
    return (this.#key ??= client ? served(() => client.apiKeyStatus()) : Promise.resolve(blocked));
  }

  /** The registry entry of AGENT_IDENTIFIER (undefined: the service has none). */
  entry() {
    const client = this.#client;
    const config = this.config;
    return (this.#entry ??=
      client && config.ok
        ? served(
            async () =>
              (
                await client.registryEntries({
                  filterAgentIdentifier: config.value.agentIdentifier,
                })
              )[0],
          )
        : Promise.resolve(blocked));
  }
}

const blocked: Outcome<never> = { ok: false, problems: [] };

/** The entry, when it is registered (the checks of a paid job's path need one). */
async function registeredEntry(facts: DoctorFacts): Promise<RegistryEntry | undefined> {
  const entry = await facts.entry();
  return entry.ok && entry.value && REGISTERED_STATES.includes(entry.value.state)
    ? entry.value
    : undefined;
}

export const DOCTOR_CHECKS: readonly DoctorCheck[] = [
  {
    id: "environment",
    title:
      "the payment settings in the environment are well-formed (identifier, URL, network, source)",
    run: async (facts) => (facts.config.ok ? ok : { problems: facts.config.problems }),
  },
  {
    id: "payment-service",
    title: "the payment service answers with this PAYMENT_API_KEY",
    run: async (facts) => {
      if (!facts.config.ok) return skipped;
      const key = await facts.key();
      return key.ok ? ok : { problems: key.problems };
    },
  },
  {
    id: "pay-rights",
    title: "the key may pay (create payments, submit results) on NETWORK",
    run: async (facts) => {
      const key = await facts.key();
      if (!key.ok || !facts.config.ok) return skipped;
      const problem = payRightsProblem(
        key.value,
        facts.config.value.network,
        "the agent (payments, results)",
      );
      return problem ? { problems: [problem] } : ok;
    },
  },
  {
    id: "registry-entry",
    title: "AGENT_IDENTIFIER has a confirmed registry entry",
    run: async (facts) => {
      if (!(await facts.key()).ok) return skipped;
      const entry = await facts.entry();
      if (!entry.ok) return { problems: entry.problems };
      if (!entry.value) {
        return {
          problems: [
            "the payment service has no registry entry for AGENT_IDENTIFIER: run register (or correct AGENT_IDENTIFIER)",
          ],
        };
      }
      const { state, error } = entry.value;
      if (REGISTERED_STATES.includes(state)) return ok;
      const pending = state.endsWith("Requested") || state.endsWith("Initiated");
      return {
        problems: [
          pending
            ? `the registry entry is ${state}: wait until it is confirmed (register follows it)`
            : `the registry entry is ${state}${error ? ` (${error})` : ""}: run register again`,
        ],
      };
    },
  },
  {
    id: "payment-source",
    title: "PAYMENT_SOURCE_TYPE and PAYMENT_SOURCE_INDEX match the registration",
    run: async (facts) => {
      const client = facts.client;
      if (!client || !facts.config.ok || !(await registeredEntry(facts))) return skipped;
      const config = facts.config.value;
      const registration = await served(() => client.agentRegistration(config.agentIdentifier));
      if (!registration.ok) return { problems: registration.problems };
      return { problems: registrationProblems(config, registration.value) };
    },
  },
  {
    id: "availability",
    title:
      "the registered apiBaseUrl answers /availability as the registry's health check wants, with this identifier",
    run: async (facts) => {
      const entry = await registeredEntry(facts);
      if (!facts.config.ok || !entry) return skipped;
      const url = entry.apiBaseUrl;
      const problem = publicUrlProblem(url, facts.allowLoopback);
      if (problem) return { problems: [`the registered apiBaseUrl ${problem}`] };
      return { problems: await availabilityProblems(url, facts.config.value.agentIdentifier) };
    },
  },
  {
    id: "balance",
    title: "the selling wallet's balance is not low, where the service reports it (admin key)",
    run: async (facts) => {
      const client = facts.client;
      const key = await facts.key();
      if (!client || !key.ok || !key.value.canAdmin || !facts.config.ok) return skipped;
      const config = facts.config.value;
      const report = await served(() => balanceReport(client, config));
      // A service that cannot tell is no reason to stop a paid job.
      if (!report.ok) return { problems: [], warnings: report.problems };
      return { problems: [], ...report.value };
    },
  },
];

export async function doctor(options: DoctorOptions, terminal: Terminal): Promise<void> {
  const facts = new DoctorFacts(await projectEnv(options.envFile), options.allowLoopback);
  let blocking = 0;
  for (const check of DOCTOR_CHECKS) {
    const verdict = await check.run(facts);
    for (const problem of verdict.problems) terminal.print(`✖ ${check.id}: ${problem}`);
    for (const warning of verdict.warnings ?? []) terminal.print(`! ${check.id}: ${warning}`);
    if (verdict.skipped) terminal.print(`- ${check.id}: not checked`);
    else if (verdict.problems.length === 0 && (verdict.warnings ?? []).length === 0) {
      terminal.print(`✔ ${check.id}: ${check.title}`);
    }
    for (const note of verdict.notes ?? []) terminal.print(`  ${note}`);
    blocking += verdict.problems.length;
  }
  if (blocking > 0)
    throw new Stopped([`${blocking} problem(s) stand between this project and a paid job.`]);
  terminal.print("Nothing blocks a paid job.");
}
