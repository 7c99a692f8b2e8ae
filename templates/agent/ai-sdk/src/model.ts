import { createAnthropic } from "@ai-sdk/anthropic";
import { createOpenAI } from "@ai-sdk/openai";
import type { LanguageModel } from "ai";
import { modelConfig } from "./settings.ts";

/** The AI SDK model of the settings: OpenAI, Anthropic, or a server that speaks OpenAI's API. */
export function languageModel(): LanguageModel {
  const { provider, model, apiKey, baseUrl } = modelConfig();
  switch (provider) {
    case "openai":
      return createOpenAI({ apiKey, baseURL: baseUrl })(model);
    case "anthropic":
      return createAnthropic({ apiKey, baseURL: baseUrl })(model);
    case "openai-compatible":
      // Ollama, LM Studio, vLLM and OpenRouter speak chat completions, not the Responses API.
      return createOpenAI({ apiKey: apiKey ?? "none", baseURL: baseUrl }).chat(model);
  }
}
