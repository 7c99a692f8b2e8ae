import * as agent from "./agent.ts";
import { createAgentApp } from "./app.ts";
import { ConfigError, loadConfig, loadEnvFile } from "./config.ts";
import { listen } from "./listen.ts";
import { createLogger } from "./log.ts";
import { secretsIn } from "./redact.ts";
import { createServer } from "./server.ts";

// The defaults until the configuration is read (which may be what fails), then its settings.
let log = createLogger();

async function main(): Promise<void> {
  loadEnvFile();
  const config = loadConfig(process.env);
  log = createLogger({ ...config.log, secrets: secretsIn(config) });
  const app = await createAgentApp(config, { agent, log });
  const server = await listen(createServer(app.api), config);
  // Listening for signals before saying where the agent listens: whoever starts it and waits for
  // that line may stop it right away.
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
}

function displayHost(host: string): string {
  return host === "0.0.0.0" || host === "::" ? "localhost" : host;
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    for (const problem of error.problems) log.error(`Configuration error: ${problem}`);
  } else {
    log.error(`Could not start: ${error instanceof Error ? error.message : String(error)}`, error);
  }
  process.exit(1);
});
