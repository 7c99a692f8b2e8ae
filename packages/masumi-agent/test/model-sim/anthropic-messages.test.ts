import Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startModelSim, type ModelSim } from "../../src/model-sim/index.ts";

/** The simulator driven by the real Anthropic SDK over the Messages API. */
let sim: ModelSim;
let client: Anthropic;

const WEATHER_TOOL = {
  name: "get_weather",
  description: "The weather in a city",
  input_schema: { type: "object" as const, properties: { city: { type: "string" } }, required: ["city"] },
};

beforeAll(async () => {
  sim = await startModelSim({ apiKey: "sk-ant-test" });
  client = new Anthropic({ apiKey: "sk-ant-test", baseURL: sim.anthropicBaseUrl, maxRetries: 0 });
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

describe("messages", () => {
  it("answers a scripted text and records the request without the key", async () => {
    sim.script({ text: "Bonjour." });
    const message = await client.messages.create({
      model: "claude-sonnet-4-5",
      max_tokens: 256,
      system: "Translate to French.",
      messages: [{ role: "user", content: "Hello." }],
    });
    expect(message).toMatchObject({
      type: "message",
      role: "assistant",
      model: "claude-sonnet-4-5",
      content: [{ type: "text", text: "Bonjour." }],
      stop_reason: "end_turn",
    });
    expect(message.id).toMatch(/^msg_/);
    expect(message.usage.output_tokens).toBeGreaterThan(0);
    expect(sim.requests[0]).toMatchObject({
      provider: "anthropic",
      api: "messages",
      path: "/v1/messages",
      model: "claude-sonnet-4-5",
      system: "Translate to French.",
      messages: [{ role: "user", content: "Hello." }],
      stream: false,
      status: 200,
      answeredBy: "script",
    });
    expect(sim.requests[0]?.headers["anthropic-version"]).toBeTruthy();
    expect(sim.requests[0]?.headers["x-api-key"]).toBeUndefined();
    expect(JSON.stringify(sim.requests)).not.toContain("sk-ant-test");
  });

  it("answers with the default reply when nothing is scripted", async () => {
    const message = await client.messages.create({
      model: "m",
      max_tokens: 64,
      messages: [{ role: "user", content: [{ type: "text", text: "Tell me a fact" }] }],
    });
    expect(message.content).toEqual([{ type: "text", text: "Simulated answer to: Tell me a fact" }]);
  });

  it("returns tool_use blocks, then the answer to the tool results", async () => {
    sim.script({ toolCalls: [{ name: "get_weather", arguments: { city: "Oslo" } }] }, { text: "It is cold in Oslo." });
    const messages: Anthropic.MessageParam[] = [{ role: "user", content: "Weather in Oslo?" }];
    const first = await client.messages.create({ model: "m", max_tokens: 64, messages, tools: [WEATHER_TOOL] });
    expect(first.stop_reason).toBe("tool_use");
    const [use] = first.content;
    expect(use).toMatchObject({ type: "tool_use", name: "get_weather", input: { city: "Oslo" } });
    expect(use?.type === "tool_use" && use.id).toMatch(/^toolu_/);
    messages.push(
      { role: "assistant", content: first.content },
      {
        role: "user",
        content: [{ type: "tool_result", tool_use_id: use?.type === "tool_use" ? use.id : "", content: "-5C" }],
      },
    );
    const second = await client.messages.create({ model: "m", max_tokens: 64, messages, tools: [WEATHER_TOOL] });
    expect(second.content).toEqual([{ type: "text", text: "It is cold in Oslo." }]);
    expect(sim.requests[0]?.tools).toEqual([WEATHER_TOOL]);
  });

  it("streams text deltas the SDK reassembles, with the event sequence the API documents", async () => {
    sim.script({ text: "Streaming in several words." });
    const stream = client.messages.stream({ model: "m", max_tokens: 64, messages: [{ role: "user", content: "go" }] });
    const events: string[] = [];
    const texts: string[] = [];
    stream.on("streamEvent", (event) => events.push(event.type));
    stream.on("text", (text) => texts.push(text));
    const message = await stream.finalMessage();
    expect(message.content).toEqual([{ type: "text", text: "Streaming in several words." }]);
    expect(message.stop_reason).toBe("end_turn");
    expect(texts.length).toBeGreaterThan(1);
    expect(events[0]).toBe("message_start");
    expect(events.slice(-2)).toEqual(["message_delta", "message_stop"]);
    expect(events).toContain("content_block_start");
    expect(events).toContain("content_block_stop");
  });

  it("streams tool_use input as input_json_delta fragments the SDK reassembles", async () => {
    const args = { query: "agents on masumi", limit: 3 };
    sim.script({
      toolCalls: [
        { name: "search", arguments: args, id: "toolu_fixed" },
        { name: "get_weather", arguments: { city: "Rome" } },
      ],
    });
    const stream = client.messages.stream({ model: "m", max_tokens: 64, messages: [{ role: "user", content: "go" }] });
    const fragments: string[] = [];
    stream.on("inputJson", (fragment) => fragments.push(fragment));
    const message = await stream.finalMessage();
    expect(message.stop_reason).toBe("tool_use");
    expect(message.content).toMatchObject([
      { type: "tool_use", id: "toolu_fixed", name: "search", input: args },
      { type: "tool_use", name: "get_weather", input: { city: "Rome" } },
    ]);
    expect(fragments.length).toBeGreaterThan(2);
  });

  it("answers a scripted error in Anthropic's shape", async () => {
    sim.script({ error: { status: 529 } });
    const failure = await client.messages
      .create({ model: "m", max_tokens: 8, messages: [{ role: "user", content: "x" }] })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Anthropic.APIError);
    expect((failure as InstanceType<typeof Anthropic.APIError>).status).toBe(529);
    expect((failure as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({
      type: "error",
      error: { type: "overloaded_error" },
    });
  });

  it("refuses a wrong key with AuthenticationError", async () => {
    const wrong = new Anthropic({ apiKey: "sk-ant-wrong", baseURL: sim.anthropicBaseUrl, maxRetries: 0 });
    const failure = await wrong.messages
      .create({ model: "m", max_tokens: 8, messages: [{ role: "user", content: "x" }] })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Anthropic.AuthenticationError);
    expect((failure as InstanceType<typeof Anthropic.AuthenticationError>).error).toEqual({
      type: "error",
      error: { type: "authentication_error", message: "invalid x-api-key" },
    });
  });

  it("lists models in Anthropic's shape", async () => {
    const page = await client.models.list();
    expect(page.data.map((model) => model.id)).toEqual(["model-sim"]);
    expect(page.data[0]?.type).toBe("model");
  });
});
