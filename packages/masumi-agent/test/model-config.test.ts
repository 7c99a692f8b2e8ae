import { describe, expect, it } from "vitest";
import { ConfigError } from "../src/config.ts";
import { loadModelConfig } from "../src/model/config.ts";
import { startTestAgent } from "../src/testing.ts";

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadModelConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe("loadModelConfig", () => {
  it("reads OpenAI by default, with limits that have defaults", () => {
    expect(loadModelConfig({ MODEL_NAME: "gpt-4.1-mini", MODEL_API_KEY: "sk-test" })).toEqual({
      provider: "openai",
      model: "gpt-4.1-mini",
      apiKey: "sk-test",
      baseUrl: undefined,
      maxSteps: 8,
      maxOutputTokens: 2048,
    });
  });

  it("takes an OpenAI-compatible server by its URL, without a key", () => {
    const config = loadModelConfig({
      MODEL_PROVIDER: "openai-compatible",
      MODEL_BASE_URL: "http://localhost:11434/v1",
      MODEL_NAME: "llama3.2",
      MODEL_MAX_STEPS: "3",
      MODEL_MAX_OUTPUT_TOKENS: "500",
    });
    expect(config).toMatchObject({
      provider: "openai-compatible",
      baseUrl: "http://localhost:11434/v1",
      apiKey: undefined,
      maxSteps: 3,
      maxOutputTokens: 500,
    });
  });

  it("reports every problem, one line each, never the key", () => {
    const problems = problemsOf({
      MODEL_PROVIDER: "anthropic",
      MODEL_API_KEY: "sk-ant secret",
      MODEL_BASE_URL: "ftp://example.com",
      MODEL_MAX_STEPS: "0",
    });
    expect(problems).toEqual([
      expect.stringMatching(/^MODEL_NAME is required/),
      "MODEL_BASE_URL must be an http(s) URL",
      "MODEL_API_KEY must be the API key of Anthropic, without spaces",
      'MODEL_MAX_STEPS must be a whole number from 1 to 100, not "0"',
    ]);
    expect(problems.join("\n")).not.toContain("secret");
  });

  it("needs the key of OpenAI and Anthropic, the base URL of a compatible server", () => {
    expect(problemsOf({ MODEL_NAME: "m" })).toEqual([
      expect.stringMatching(/^MODEL_API_KEY is required: .*OpenAI/),
    ]);
    expect(problemsOf({ MODEL_NAME: "m", MODEL_PROVIDER: "openai-compatible" })).toEqual([
      expect.stringMatching(/^MODEL_BASE_URL is required/),
    ]);
    expect(problemsOf({ MODEL_NAME: "m", MODEL_PROVIDER: "mistral" })).toEqual([
      'MODEL_PROVIDER must be one of openai, anthropic, openai-compatible, not "mistral"',
    ]);
  });
});

describe("an agent's prepare", () => {
  const agent = {
    inputSchema: { input_data: [{ id: "text", type: "text" as const, name: "Text" }] },
    seen: [] as string[],
    prepare(env: Record<string, string | undefined>) {
      this.seen.push(loadModelConfig(env).model);
    },
    async run() {
      return "done";
    },
  };

  it("reads the environment once, before the first job", async () => {
    const testAgent = await startTestAgent(agent, {
      env: {
        MODEL_PROVIDER: "openai-compatible",
        MODEL_BASE_URL: "http://127.0.0.1:9/v1",
        MODEL_NAME: "local",
      },
    });
    try {
      expect(agent.seen).toEqual(["local"]);
    } finally {
      await testAgent.close();
    }
  });

  it("stops the start with its configuration problems", async () => {
    const start = startTestAgent(agent, {
      env: { MODEL_PROVIDER: "openai-compatible", MODEL_NAME: "local" },
    });
    await expect(start).rejects.toThrow(ConfigError);
    await expect(start).rejects.toThrow(/MODEL_BASE_URL is required/);
  });
});
