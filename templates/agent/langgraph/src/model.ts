import { ChatAnthropic } from "@langchain/anthropic";
import { ChatOpenAI } from "@langchain/openai";
import { modelConfig } from "./settings.ts";

/** The LangChain chat model of the settings: OpenAI, Anthropic, or a server speaking OpenAI's API. */
export function chatModel(): ChatOpenAI | ChatAnthropic {
  const { provider, model, apiKey, baseUrl, maxOutputTokens } = modelConfig();
  if (provider === "anthropic") {
    // MODEL_BASE_URL names the API with its version (.../v1); Anthropic's client adds that itself.
    const anthropicApiUrl = baseUrl?.replace(/\/v1\/?$/, "");
    return new ChatAnthropic({ model, apiKey, anthropicApiUrl, maxTokens: maxOutputTokens });
  }
  // OpenAI itself, or Ollama, LM Studio, vLLM, OpenRouter by their base URL.
  return new ChatOpenAI({
    model,
    apiKey: apiKey ?? "none",
    configuration: { baseURL: baseUrl },
    maxTokens: maxOutputTokens,
  });
}
