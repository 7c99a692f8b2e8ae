import { ConfigError } from "../config.ts";
import { EnvReader, type Env } from "../env.ts";

/** The model APIs an agent can talk to: OpenAI's, Anthropic's, or any that speaks OpenAI's. */
export const MODEL_PROVIDERS = ["openai", "anthropic", "openai-compatible"] as const;

export type ModelProvider = (typeof MODEL_PROVIDERS)[number];

/**
 * The model an agent works with, read from the environment (see .env.example). The framework
 * wiring (making the provider's model object from it) is the agent's own code.
 */
export interface ModelConfig {
  provider: ModelProvider;
  /** The model's name at the provider, e.g. gpt-4.1-mini, claude-sonnet-4-5, llama3.2. */
  model: string;
  /** MODEL_API_KEY; optional for OpenAI-compatible servers (Ollama, LM Studio need none). */
  apiKey: string | undefined;
  /**
   * Where the API is, with its version path (http://localhost:11434/v1 for Ollama); unset for
   * OpenAI and Anthropic, whose SDKs know their own.
   */
  baseUrl: string | undefined;
  /** The most model calls (steps) one job may make; a job that needs more fails. */
  maxSteps: number;
  /** The most tokens one model call may write. */
  maxOutputTokens: number;
}

/** The name of the variable that holds the key, so that start can keep it out of the log. */
export const MODEL_API_KEY = "MODEL_API_KEY";

const HTTP_URL = /^https?:\/\/[^\s/?#]+(?:\/\S*)?$/;

/**
 * Reads the model settings, one problem per line in the ConfigError it throws: every mistake of
 * a start is reported at once. The key's value never appears in a message.
 */
export function loadModelConfig(env: Env): ModelConfig {
  const read = new EnvReader(env);
  const chosen = read.oneOf("MODEL_PROVIDER", MODEL_PROVIDERS);
  // An unknown provider is one problem: what it would need besides is not asked.
  const provider = chosen ?? (env.MODEL_PROVIDER?.trim() ? undefined : "openai");
  const model = read.required(
    "MODEL_NAME",
    /^\S+$/,
    "the model's name at the provider, such as gpt-4.1-mini, claude-sonnet-4-5 or llama3.2",
  );
  const baseUrl =
    provider === "openai-compatible"
      ? read.required(
          "MODEL_BASE_URL",
          HTTP_URL,
          "the server's http(s) URL with its API path, such as http://localhost:11434/v1 (Ollama)",
        )
      : read.matching("MODEL_BASE_URL", HTTP_URL, "an http(s) URL");
  const apiKey =
    provider === "openai" || provider === "anthropic"
      ? read.required(
          MODEL_API_KEY,
          /^\S+$/,
          `the API key of ${provider === "openai" ? "OpenAI" : "Anthropic"}, without spaces`,
        )
      : read.string(MODEL_API_KEY, "");
  const config = {
    provider,
    model,
    apiKey: apiKey || undefined,
    baseUrl: baseUrl || undefined,
    maxSteps: read.integer("MODEL_MAX_STEPS", 8, { min: 1, max: 100 }),
    maxOutputTokens: read.integer("MODEL_MAX_OUTPUT_TOKENS", 2048, { min: 16, max: 200_000 }),
  };
  if (read.problems.length > 0 || config.provider === undefined) {
    throw new ConfigError(read.problems);
  }
  return { ...config, provider: config.provider };
}
