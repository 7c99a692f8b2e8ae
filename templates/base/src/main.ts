import * as agent from "./agent.ts";
import { createAgentApp } from "./app.ts";
import { ConfigError, loadConfig, loadEnvFile } from "./config.ts";
import { listen } from "./listen.ts";
import { consoleLogger as log } from "./log.ts";
import { createServer } from "./server.ts";

/** How long a shutdown waits for running jobs; the rest resume at the next start. */
const SHUTDOWN_GRACE_MS = 10_000;

async function main(): Promise<void> {
  loadEnvFile();
  const config = loadConfig(process.env);
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
      await server.close();
      await app.close(SHUTDOWN_GRACE_MS);
      process.exit(0);
    } catch (error) {
      log.error("Shutdown failed", error);
      process.exit(1);
    }
  };
  process.on("SIGINT", (signal) => void shutdown(signal));
  process.on("SIGTERM", (signal) => void shutdown(signal));

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
    for (const problem of error.problems) console.error(`Configuration error: ${problem}`);
  } else {
    console.error(`Could not start: ${error instanceof Error ? error.message : String(error)}`);
  }
  process.exit(1);
});
