/** A local simulator of the Masumi payment service, for developing and testing paid agents. */
export {
  startPaymentSimulator,
  type PaymentServiceEnv,
  type PaymentSimulator,
  type PaymentSimulatorOptions,
  type RecordedCall,
  type SubmittedResult,
} from "./server.js";
export type { FailureMode } from "./faults.js";
export type { PaymentJson } from "./payment-json.js";
export { NETWORKS, ON_CHAIN_STATES, type Network, type OnChainState } from "./model.js";
export { DEFAULT_AGENT_IDENTIFIER } from "./seller-profile.js";
