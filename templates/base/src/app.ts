import { join } from "node:path";
import { createApi, type Api } from "./api.ts";
import { ConfigError, type Config } from "./config.ts";
import { schemaProblems } from "./jobs/schema.ts";
import { JobService, type JobServiceOptions } from "./jobs/service.ts";
import { loadSigner, type Signer } from "./jobs/signer.ts";
import type { Agent } from "./jobs/types.ts";
import type { Logger } from "./log.ts";
import { createPaymentProvider } from "./payment/index.ts";
import type { PaymentProvider } from "./payment/payment.ts";
import { describeStore, openStore } from "./store/index.ts";

/** The agent with everything it runs on, not yet listening: src/main.ts and the tests share it. */
export interface AgentApp {
  api: Api;
  service: JobService;
  payment: PaymentProvider;
  signer: Signer;
  /** Stops taking jobs, waits up to `graceMs` for running ones, then closes the store. */
  close(graceMs: number): Promise<void>;
}

export interface AgentAppOptions {
  agent: Agent;
  log: Logger;
  /** Overrides for the job service, e.g. shorter retry delays in tests. */
  service?: Pick<JobServiceOptions, "submitRetryDelaysMs" | "maxRestarts" | "inputPollMs">;
}

export async function createAgentApp(config: Config, options: AgentAppOptions): Promise<AgentApp> {
  const { agent, log } = options;
  const problems = schemaProblems(agent.inputSchema);
  if (problems.length > 0) {
    throw new ConfigError(problems.map((problem) => `src/agent.ts inputSchema: ${problem}`));
  }
  const keyFile = join(config.dataDir, "signing-key.pem");
  const { signer, created } = await loadSigner({ privateKey: config.signingKey, keyFile });
  if (created) log.info(`Created a signing key in ${keyFile}`);
  const store = await openStore(config.store);
  log.info(`Jobs are stored ${describeStore(config.store)}`);
  const payment = createPaymentProvider(config.payment, {
    signer,
    log,
    agentIdentifier: config.agentIdentifier,
  });
  const service = new JobService({
    leaseMs: config.jobLeaseMs,
    ...options.service,
    agent,
    store,
    payment,
    signer,
    log,
  });
  const api = createApi({ service, agent, payment, log });
  return {
    api,
    service,
    payment,
    signer,
    async close(graceMs) {
      const finished = await service.stop(graceMs);
      if (!finished) log.warn("Some jobs were still running; they resume at the next start");
      await store.close();
    },
  };
}
