/**
 * masumi-agent: the MIP-003 Agentic Service API for a Masumi agent. An agent (src/agent.ts of a
 * generated project, declared with defineAgent) runs with startAgent and the `serve` of one
 * adapter (masumi-agent/hono, /express, /fastify), or mounted into an existing app by `masumi`.
 */
export { defineAgent, type AgentDefinition } from "./define-agent.ts";
export { startAgent, type Serve, type StartOptions } from "./start.ts";
export { createAgentApp, type AgentApp, type AgentAppOptions } from "./app.ts";
export { createApi, type Api, type ApiReply, type ApiRequest, type Route } from "./api.ts";
export { ConfigError, loadConfig, type Config, type ConfigChoices } from "./config.ts";
export { loadEnvFile } from "./env-file.ts";
export type { Env } from "./env.ts";
export { RequestError, type ErrorCode } from "./jobs/errors.ts";
export { inputHash, resultHash } from "./jobs/hash.ts";
export type { InputField, InputOf, InputSchema, InputValues } from "./jobs/schema.ts";
export { JobService, type JobServiceOptions } from "./jobs/service.ts";
export { verifySignature, type Signer } from "./jobs/signer.ts";
export type { Agent, Demo, Job, JobContext, JobStatus } from "./jobs/types.ts";
export type { FetchApp, ListenOptions, Listening } from "./listening.ts";
export { createLogger, silentLogger, type Logger, type LoggerOptions } from "./log.ts";
export {
  loadModelConfig,
  MODEL_PROVIDERS,
  type ModelConfig,
  type ModelProvider,
} from "./model/config.ts";
export { PAYMENT_MODES, type PaymentConfig, type PaymentMode } from "./payment/index.ts";
export type { PaymentProvider } from "./payment/payment.ts";
export { secretsIn } from "./redact.ts";
export { STORE_KINDS, type StoreConfig, type StoreKind } from "./store/index.ts";
export type { JobStore } from "./store/store.ts";
