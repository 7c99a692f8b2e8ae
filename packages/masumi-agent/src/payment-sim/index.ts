/** A local simulator of the Masumi payment service, for developing and testing paid agents. */
export { DEV_TOKEN, registerPaymentSimCommand } from "./command.js";
export {
  startPaymentSimulator,
  type PaymentServiceEnv,
  type PaymentSimulator,
  type PaymentSimulatorOptions,
  type RecordedCall,
  type SubmittedResult,
} from "./server.js";
export type { FailureMode, RequestMatch } from "./faults.js";
export type { PaymentJson } from "./payment-json.js";
export {
  NETWORKS,
  ON_CHAIN_STATES,
  PAYMENT_SOURCE_TYPES,
  type AgentRecord,
  type Network,
  type OnChainState,
  type PaymentSourceRecord,
  type PaymentSourceType,
} from "./model.js";
export {
  DEFAULT_AGENT_IDENTIFIER,
  defaultSeed,
  type ApiKeySeed,
  type RegistrationSeed,
  type SimulatorSeed,
} from "./seed.js";
export type { SimulationStep } from "./request-schemas.js";
export type { RegistrationState, RegistryEntryJson, RegistryStep } from "./registry.js";
