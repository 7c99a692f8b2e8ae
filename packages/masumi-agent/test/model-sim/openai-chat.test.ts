import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startModelSim, type ModelSim } from "../../src/model-sim/index.ts";

/** The simulator driven by the real OpenAI SDK over Chat Completions. */
let sim: ModelSim;
let client: OpenAI;

const WEATHER_TOOL = {
  type: "function" as const,
  function: {
    name: "get_weather",
    description: "The weather in a city",
    parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
  },
};

beforeAll(async () => {
  sim = await startModelSim({ apiKey: "sk-test" });
  client = new OpenAI({ apiKey: "sk-test", baseURL: sim.openaiBaseUrl, maxRetries: 0 });
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

describe("chat completions", () => {
  it("answers a scripted text and records the request", async () => {
    sim.script({ text: "Paris is the capital of France." });
    const completion = await client.chat.completions.create({
      model: "gpt-4o-mini",
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: "What is the capital of France?" },
      ],
    });
    expect(completion.object).toBe("chat.completion");
    expect(completion.model).toBe("gpt-4o-mini");
    expect(completion.choices[0]?.message).toMatchObject({
      role: "assistant",
      content: "Paris is the capital of France.",
    });
    expect(completion.choices[0]?.finish_reason).toBe("stop");
    expect(completion.usage?.total_tokens).toBe(
      (completion.usage?.prompt_tokens ?? 0) + (completion.usage?.completion_tokens ?? 0),
    );
    const [request] = sim.requests;
    expect(request).toMatchObject({
      provider: "openai",
      api: "chat.completions",
      path: "/v1/chat/completions",
      model: "gpt-4o-mini",
      stream: false,
      status: 200,
      answeredBy: "script",
      aborted: false,
    });
    expect(request?.messages).toEqual([
      { role: "system", content: "Be brief." },
      { role: "user", content: "What is the capital of France?" },
    ]);
    expect(request?.headers.authorization).toBeUndefined();
    expect(request?.headers["content-type"]).toMatch(/application\/json/);
  });

  it("answers with the default reply, quoting the last user message, when nothing is scripted", async () => {
    const completion = await client.chat.completions.create({
      model: "any-model",
      messages: [
        { role: "user", content: "first" },
        { role: "assistant", content: "ok" },
        { role: "user", content: [{ type: "text", text: "Summarise   this\ntext" }] },
      ],
    });
    expect(completion.choices[0]?.message.content).toBe("Simulated answer to: Summarise this text");
    expect(completion.choices[0]?.message.tool_calls).toBeUndefined();
    expect(sim.requests[0]?.answeredBy).toBe("default");
  });

  it("returns scripted tool calls, then the answer to the tool result", async () => {
    sim.script(
      {
        toolCalls: [
          { name: "get_weather", arguments: { city: "Oslo" } },
          { name: "get_weather", arguments: { city: "Rome" }, id: "call_rome" },
        ],
      },
      { text: "Cold in Oslo, warm in Rome." },
    );
    const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: "user", content: "Weather in Oslo and Rome?" }];
    const first = await client.chat.completions.create({ model: "m", messages, tools: [WEATHER_TOOL] });
    const choice = first.choices[0];
    expect(choice?.finish_reason).toBe("tool_calls");
    const calls = choice?.message.tool_calls ?? [];
    expect(
      calls.map((call) => call.type === "function" && [call.function.name, JSON.parse(call.function.arguments)]),
    ).toEqual([
      ["get_weather", { city: "Oslo" }],
      ["get_weather", { city: "Rome" }],
    ]);
    expect(calls[1]?.id).toBe("call_rome");
    expect(calls[0]?.id).toMatch(/^call_/);
    messages.push(
      choice!.message,
      ...calls.map((call) => ({ role: "tool" as const, tool_call_id: call.id, content: "sunny" })),
    );
    const second = await client.chat.completions.create({ model: "m", messages, tools: [WEATHER_TOOL] });
    expect(second.choices[0]?.message.content).toBe("Cold in Oslo, warm in Rome.");
    expect(sim.requests[0]?.tools).toEqual([WEATHER_TOOL]);
    expect(sim.requests[1]?.messages).toHaveLength(4);
  });

  it("streams text as chunks ending in [DONE], with usage when asked", async () => {
    sim.script({ text: "One two three four." });
    const stream = await client.chat.completions.create({
      model: "m",
      messages: [{ role: "user", content: "count" }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const pieces: string[] = [];
    const finishes: (string | null)[] = [];
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      expect(chunk.object).toBe("chat.completion.chunk");
      const choice = chunk.choices[0];
      if (choice?.delta.content) pieces.push(choice.delta.content);
      if (choice) finishes.push(choice.finish_reason);
      if (chunk.usage) usage = chunk.usage;
    }
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.join("")).toBe("One two three four.");
    expect(finishes.at(-1)).toBe("stop");
    expect(usage?.completion_tokens).toBeGreaterThan(0);
    expect(sim.requests[0]).toMatchObject({ stream: true, status: 200 });
  });

  it("streams tool calls as index/id/name deltas then argument fragments (the SDK reassembles them)", async () => {
    const args = { query: "masumi network agents", limit: 5, filters: { language: "en" } };
    sim.script({
      toolCalls: [
        { name: "search", arguments: args },
        { name: "get_weather", arguments: { city: "Oslo" } },
      ],
    });
    const stream = client.chat.completions.stream({
      model: "m",
      messages: [{ role: "user", content: "find" }],
      tools: [WEATHER_TOOL],
      stream: true,
    });
    const fragments: string[] = [];
    for await (const chunk of stream)
      for (const call of chunk.choices[0]?.delta.tool_calls ?? [])
        if (call.function?.arguments) fragments.push(call.function.arguments);
    const final = await stream.finalChatCompletion();
    expect(final.choices[0]?.finish_reason).toBe("tool_calls");
    const calls = final.choices[0]?.message.tool_calls ?? [];
    expect(
      calls.map((call) => call.type === "function" && [call.function.name, JSON.parse(call.function.arguments)]),
    ).toEqual([
      ["search", args],
      ["get_weather", { city: "Oslo" }],
    ]);
    expect(fragments.length).toBeGreaterThan(2);
  });

  it("answers a scripted error in OpenAI's shape, then goes on with the script", async () => {
    sim.script({ error: { status: 429, message: "Slow down" } }, { text: "after the error" });
    const failure = await client.chat.completions
      .create({ model: "m", messages: [{ role: "user", content: "x" }] })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OpenAI.RateLimitError);
    expect((failure as InstanceType<typeof OpenAI.RateLimitError>).error).toMatchObject({
      message: "Slow down",
      code: "rate_limit_exceeded",
    });
    const next = await client.chat.completions.create({ model: "m", messages: [{ role: "user", content: "x" }] });
    expect(next.choices[0]?.message.content).toBe("after the error");
  });

  it("lets the SDK's retry take the next turn after a scripted 500", async () => {
    sim.script({ error: { status: 500 } }, { text: "recovered" });
    const retrying = new OpenAI({ apiKey: "sk-test", baseURL: sim.openaiBaseUrl, maxRetries: 1 });
    const completion = await retrying.chat.completions.create({
      model: "m",
      messages: [{ role: "user", content: "x" }],
    });
    expect(completion.choices[0]?.message.content).toBe("recovered");
    expect(sim.requests.map((request) => request.status)).toEqual([500, 200]);
  });

  it("rejects a wrong key with the SDK's AuthenticationError and records no key", async () => {
    const wrong = new OpenAI({ apiKey: "sk-wrong", baseURL: sim.openaiBaseUrl, maxRetries: 0 });
    const failure = await wrong.chat.completions
      .create({ model: "m", messages: [{ role: "user", content: "x" }] })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((failure as InstanceType<typeof OpenAI.AuthenticationError>).code).toBe("invalid_api_key");
    expect(JSON.stringify(sim.requests)).not.toContain("sk-wrong");
    expect(sim.requests[0]?.answeredBy).toBeNull();
  });

  it("lists models", async () => {
    const models = await client.models.list();
    expect(models.data.map((model) => model.id)).toEqual(["model-sim"]);
  });
});

describe("turns at start and the admin routes", () => {
  it("queues the turns given to startModelSim", async () => {
    const own = await startModelSim({ turns: [{ text: "first" }, { text: "second" }] });
    try {
      const anyKey = new OpenAI({ apiKey: "anything", baseURL: own.openaiBaseUrl, maxRetries: 0 });
      const ask = async () =>
        (await anyKey.chat.completions.create({ model: "m", messages: [{ role: "user", content: "q" }] })).choices[0]
          ?.message.content;
      expect([await ask(), await ask(), await ask()]).toEqual(["first", "second", "Simulated answer to: q"]);
    } finally {
      await own.close();
    }
  });

  it("scripts, lists and resets over HTTP, refusing a bad script whole", async () => {
    const post = (path: string, body: unknown) =>
      fetch(`${sim.url}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const bad = await post("/__sim/script", {
      turns: [{ text: "fine" }, { toolCalls: [{ name: "x", arguments: "no" }] }],
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: "turns[1].toolCalls[0].arguments must be an object" });
    const good = await post("/__sim/script", { turns: [{ text: "over http" }] });
    expect(await good.json()).toEqual({ queued: 1 });
    const completion = await client.chat.completions.create({ model: "m", messages: [{ role: "user", content: "q" }] });
    expect(completion.choices[0]?.message.content).toBe("over http");
    const listed = (await (await fetch(`${sim.url}/__sim/requests`)).json()) as {
      requests: { model: string; answeredBy: string }[];
    };
    expect(listed.requests).toMatchObject([{ model: "m", answeredBy: "script" }]);
    expect(await (await post("/__sim/reset", {})).json()).toEqual({ reset: true });
    expect(sim.requests).toEqual([]);
    const unknown = await fetch(`${sim.url}/__sim/nope`);
    expect(unknown.status).toBe(404);
  });
});
