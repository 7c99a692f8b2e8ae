import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startModelSim, type ModelSim } from "../../src/model-sim/index.ts";

/** The simulator driven by the real OpenAI SDK over the Responses API. */
let sim: ModelSim;
let client: OpenAI;

const WEATHER_TOOL = {
  type: "function" as const,
  name: "get_weather",
  description: "The weather in a city",
  parameters: {
    type: "object",
    properties: { city: { type: "string" } },
    required: ["city"],
    additionalProperties: false,
  },
  strict: true,
};

beforeAll(async () => {
  sim = await startModelSim();
  client = new OpenAI({ apiKey: "any", baseURL: sim.openaiBaseUrl, maxRetries: 0 });
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

describe("responses", () => {
  it("answers a scripted text as a message output item", async () => {
    sim.script({ text: "A short summary." });
    const response = await client.responses.create({
      model: "gpt-4.1-mini",
      instructions: "Summarise.",
      input: "A long text to summarise.",
    });
    expect(response).toMatchObject({
      object: "response",
      status: "completed",
      model: "gpt-4.1-mini",
      instructions: "Summarise.",
    });
    expect(response.output_text).toBe("A short summary.");
    expect(response.output).toMatchObject([
      { type: "message", role: "assistant", content: [{ type: "output_text", text: "A short summary." }] },
    ]);
    expect(response.usage?.total_tokens).toBe(
      (response.usage?.input_tokens ?? 0) + (response.usage?.output_tokens ?? 0),
    );
    expect(sim.requests[0]).toMatchObject({
      provider: "openai",
      api: "responses",
      path: "/v1/responses",
      system: "Summarise.",
      messages: [{ role: "user", content: "A long text to summarise." }],
      answeredBy: "script",
    });
  });

  it("answers the default reply from the last user input item", async () => {
    const response = await client.responses.create({
      model: "m",
      input: [
        { role: "user", content: [{ type: "input_text", text: "earlier" }] },
        { role: "assistant", content: "ok" },
        { role: "user", content: [{ type: "input_text", text: "latest question" }] },
      ],
    });
    expect(response.output_text).toBe("Simulated answer to: latest question");
  });

  it("returns function_call items, then the answer to their outputs", async () => {
    sim.script({ toolCalls: [{ name: "get_weather", arguments: { city: "Oslo" } }] }, { text: "Oslo is cold." });
    const first = await client.responses.create({ model: "m", input: "Weather in Oslo?", tools: [WEATHER_TOOL] });
    const [call] = first.output;
    expect(call).toMatchObject({ type: "function_call", name: "get_weather", status: "completed" });
    if (call?.type !== "function_call") throw new Error("expected a function call");
    expect(JSON.parse(call.arguments)).toEqual({ city: "Oslo" });
    expect(call.call_id).toMatch(/^call_/);
    const second = await client.responses.create({
      model: "m",
      input: [
        { role: "user", content: "Weather in Oslo?" },
        call,
        { type: "function_call_output", call_id: call.call_id, output: "-5C" },
      ],
      tools: [WEATHER_TOOL],
    });
    expect(second.output_text).toBe("Oslo is cold.");
    expect(sim.requests[1]?.messages).toHaveLength(3);
    expect(sim.requests[0]?.tools).toEqual([WEATHER_TOOL]);
  });

  it("streams text as numbered events the SDK assembles into the final response", async () => {
    sim.script({ text: "Streamed over several events." });
    const stream = client.responses.stream({ model: "m", input: "go" });
    const types: string[] = [];
    const deltas: string[] = [];
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === "response.output_text.delta") deltas.push(event.delta);
    }
    const final = await stream.finalResponse();
    expect(final.output_text).toBe("Streamed over several events.");
    expect(deltas.length).toBeGreaterThan(1);
    expect(types.slice(0, 4)).toEqual([
      "response.created",
      "response.in_progress",
      "response.output_item.added",
      "response.content_part.added",
    ]);
    expect(types.slice(-4)).toEqual([
      "response.output_text.done",
      "response.content_part.done",
      "response.output_item.done",
      "response.completed",
    ]);
  });

  it("streams function call arguments as fragments", async () => {
    const args = { query: "masumi", filters: { max: 3 } };
    sim.script({ toolCalls: [{ name: "search", arguments: args, id: "call_given" }] });
    const stream = await client.responses.create({ model: "m", input: "find", stream: true });
    const fragments: string[] = [];
    let done: OpenAI.Responses.ResponseOutputItem | undefined;
    const sequence: number[] = [];
    for await (const event of stream) {
      sequence.push(event.sequence_number);
      if (event.type === "response.function_call_arguments.delta") fragments.push(event.delta);
      if (event.type === "response.output_item.done") done = event.item;
    }
    expect(fragments.length).toBeGreaterThan(1);
    expect(JSON.parse(fragments.join(""))).toEqual(args);
    expect(done).toMatchObject({ type: "function_call", name: "search", call_id: "call_given" });
    expect(sequence).toEqual(sequence.map((_, index) => index));
  });

  it("refuses a body without input in OpenAI's error shape", async () => {
    const failure = await client.responses.create({ model: "m" }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OpenAI.BadRequestError);
    expect((failure as InstanceType<typeof OpenAI.BadRequestError>).error).toMatchObject({
      param: "input",
      code: "missing_required_parameter",
    });
  });
});
