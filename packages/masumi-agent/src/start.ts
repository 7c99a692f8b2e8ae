import { createAgentApp, type AgentApp } from "./app.ts";
import { ConfigError, loadConfig } from "./config.ts";
import { loadEnvFile, mayUseEnv } from "./env-file.ts";
import type { Agent } from "./jobs/types.ts";
import type { Listening, ListenOptions } from "./listening.ts";
import { createLogger } from "./log.ts";
import type { PaymentMode } from "./payment/index.ts";
import { MODEL_API_KEY } from "./model/config.ts";
import { secretsIn } from "./redact.ts";
import type { StoreKind } from "./store/index.ts";

/** Serves an agent's app with an HTTP server; each adapter's `serve` makes one. */
export type Serve = (app: AgentApp, options: ListenOptions) => Promise<Listening>;

export interface StartOptions {
  agent: Agent;
  /** Where jobs are kept; its settings come from the environment (see .env.example). */
  store: StoreKind;
  /** How jobs are paid for; its settings come from the environment too. */
  payment: PaymentMode;
  serve: Serve;
}

/**
 * Runs the agent as a process: reads .env and the environment, opens its store, listens, and
 * shuts down without losing a job on SIGINT or SIGTERM (a second one exits at once). A
 * configuration that cannot work is reported one line per problem, and the process exits 1.
 */
export async function startAgent(options: StartOptions): Promise<void> {
  // The defaults until the configuration is read (which may be what fails), then its settings.
  let log = createLogger();
  try {
    const ungranted = loadEnvFile();
    const config = loadConfig(process.env, {
      store: options.store,
      payment: options.payment,
    });
    // The model's key is the agent's setting (see loadModelConfig), kept out of the log as well.
    // Asked first: a Deno agent without a model is not granted the variable, and reading it fails.
    const modelKey = mayUseEnv(MODEL_API_KEY) ? process.env[MODEL_API_KEY] : undefined;
    const secrets = [...secretsIn(config), ...secretsIn({ [MODEL_API_KEY]: modelKey })];
    log = createLogger({ ...config.log, secrets });
    if (ungranted.length > 0) {
      // Not fatal: every variable the agent reads is granted; the author's own may be missing.
      log.warn(
        `.env sets ${ungranted.join(", ")}, which the --allow-env of deno.json does not grant: ` +
          "left unset (add to --allow-env what the agent reads)",
      );
    }
    const app = await createAgentApp(config, { agent: options.agent, log });
    const server = await options.serve(app, config);
    // Listening for signals before saying where the agent listens: whoever starts it and waits
    // for that line may stop it right away.
    let stopping = false;
    const shutdown = async (signal: NodeJS.Signals) => {
      if (stopping) {
        log.warn(`${signal} again: exiting without waiting for jobs`);
        process.exit(1);
      }
      stopping = true;
      log.info(`${signal} received: shutting down`);
      try {
        await app.close(server, config.shutdownGraceMs);
        process.exit(0);
      } catch (error) {
        log.error("Shutdown failed", error);
        process.exit(1);
      }
    };
    process.on("SIGINT", (signal) => void shutdown(signal));
    process.on("SIGTERM", (signal) => void shutdown(signal));
    // A promise the agent's code started but never awaited must not take every other job down.
    // (An uncaught exception still ends the process: its state is unknown from then on.)
    process.on("unhandledRejection", (reason) => {
      log.error("A promise failed and nothing handled it; the agent goes on", reason);
    });

    const url = `http://${displayHost(config.host)}:${server.port}`;
    log.info(`Agent listening on ${url} (${app.payment.description})`);
    log.info(`Public key of its signatures: ${app.signer.publicKey}`);
    const picked = await app.service.recover();
    if (picked > 0) log.info(`Picked up ${picked} unfinished job(s) from the last run`);
  } catch (error) {
    if (error instanceof ConfigError) {
      for (const problem of error.problems) log.error(`Configuration error: ${problem}`);
    } else {
      const message = error instanceof Error ? error.message : String(error);
      log.error(`Could not start: ${message}`, error);
    }
    process.exit(1);
  }
}

function displayHost(host: string): string {
  return host === "0.0.0.0" || host === "::" ? "localhost" : host;
}
