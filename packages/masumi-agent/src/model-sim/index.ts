/** A local stand-in for model providers (OpenAI, Anthropic, OpenAI-compatible), scripted per test. */
export { startModelSim } from "./server.ts";
export { SIM_MODEL } from "./models.ts";
export type {
  ModelApi,
  ModelProvider,
  ModelSim,
  ModelSimOptions,
  ModelToolCall,
  ModelTurn,
  RecordedModelRequest,
} from "./types.ts";
