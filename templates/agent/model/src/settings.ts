import { loadModelConfig, type Env, type ModelConfig } from "masumi-agent";

let model: ModelConfig | undefined;

/**
 * Reads the model's settings (MODEL_* in .env.example). masumi-agent calls it once at start,
 * before any job runs: a missing or bad setting stops the start with one line per problem.
 */
export function prepare(env: Env): void {
  model = loadModelConfig(env);
}

/** The model's settings, as prepare read them. */
export function modelConfig(): ModelConfig {
  if (model === undefined)
    throw new Error("The model settings are read by prepare(), which has not run");
  return model;
}

/** Why a job fails that needs more model calls than MODEL_MAX_STEPS allows. */
export function stepLimitExceeded(): Error {
  const { maxSteps } = modelConfig();
  return new Error(`The research needed more than ${maxSteps} model steps (MODEL_MAX_STEPS)`);
}
