import { join } from "node:path";
import { createApi, type Api } from "./api.ts";
import { ConfigError, type Config } from "./config.ts";
import type { Env } from "./env.ts";
import { schemaProblems } from "./jobs/schema.ts";
import { JobService, type JobServiceOptions } from "./jobs/service.ts";
import { loadSigner, type Signer } from "./jobs/signer.ts";
import type { Agent } from "./jobs/types.ts";
import type { Listening } from "./listening.ts";
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
  /**
   * Shuts down in an order that loses no job: refuses new jobs and input at once (/availability
   * answers 503), stops taking connections while the requests in flight finish, waits up to
   * `graceMs` for the running jobs and hands back those still running (see JobService.stop), and
   * closes the store last.
   */
  close(server: Listening, graceMs: number): Promise<void>;
}

export interface AgentAppOptions {
  agent: Agent;
  log: Logger;
  /** What the agent's prepare reads its own settings from; process.env unless told. */
  env?: Env;
  /** Overrides for the job service, e.g. shorter retry delays in tests. */
  service?: Pick<
    JobServiceOptions,
    "submitRetryDelaysMs" | "maxRestarts" | "inputPollMs" | "jobTimeoutMs"
  >;
}

export async function createAgentApp(config: Config, options: AgentAppOptions): Promise<AgentApp> {
  const { agent, log } = options;
  const problems = schemaProblems(agent.inputSchema);
  if (problems.length > 0) {
    throw new ConfigError(problems.map((problem) => `src/agent.ts inputSchema: ${problem}`));
  }
  await agent.prepare?.(options.env ?? process.env);
  const keyFile = join(config.dataDir, "signing-key.pem");
  const { signer, created } = await loadSigner({ privateKey: config.signingKey, keyFile });
  if (created) log.info(`Created a signing key in ${keyFile}`);
  // The Masumi mode checks its settings against the payment service, before the store opens.
  const payment = await createPaymentProvider(config.payment, {
    signer,
    log,
    agentIdentifier: config.agentIdentifier,
  });
  const store = await openStore(config.store, log);
  log.info(`Jobs are stored ${describeStore(config.store)}`);
  const service = new JobService({
    leaseMs: config.jobLeaseMs,
    jobTimeoutMs: config.jobTimeoutMs,
    ...options.service,
    agent,
    store,
    payment,
    signer,
    log,
  });
  const api = createApi({ service, agent, payment, log, maxBodyBytes: config.maxBodyBytes });
  return {
    api,
    service,
    payment,
    signer,
    async close(server, graceMs) {
      // The grace period runs from the start, while the server closes.
      const stopped = service.stop(graceMs);
      await server.close();
      if (!(await stopped)) {
        log.warn(
          store.durable
            ? "Some jobs were still running; they resume at the next start"
            : "Some jobs were still running; the memory store loses them",
        );
      }
      await store.close();
    },
  };
}
