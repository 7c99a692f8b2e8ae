import { OpenAIChatCompletionsModel, OpenAIResponsesModel, type Model } from "@openai/agents";
import OpenAI from "openai";
import { modelConfig } from "./settings.ts";

/** Anthropic's OpenAI-compatible API, which the Agents SDK can speak (chat completions). */
const ANTHROPIC_OPENAI_API = "https://api.anthropic.com/v1/";

/**
 * The Agents SDK model of the settings. OpenAI's own API is the Responses API; Anthropic and
 * servers such as Ollama, LM Studio, vLLM and OpenRouter speak chat completions.
 */
export function agentModel(): Model {
  const { provider, model, apiKey, baseUrl } = modelConfig();
  if (provider === "openai") {
    return new OpenAIResponsesModel(new OpenAI({ apiKey, baseURL: baseUrl }), model);
  }
  const baseURL = provider === "anthropic" ? (baseUrl ?? ANTHROPIC_OPENAI_API) : baseUrl;
  return new OpenAIChatCompletionsModel(new OpenAI({ apiKey: apiKey ?? "none", baseURL }), model);
}
