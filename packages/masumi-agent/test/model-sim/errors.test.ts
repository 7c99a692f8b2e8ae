import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startModelSim, type ModelSim } from "../../src/model-sim/index.ts";

/** The error answers over raw HTTP: each provider's shape, status and message. */
let sim: ModelSim;

beforeAll(async () => {
  sim = await startModelSim({ apiKey: "sk-right" });
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

const OPENAI_HEADERS = { authorization: "Bearer sk-right", "content-type": "application/json" };

async function post(path: string, body: string, headers: { [name: string]: string | undefined }) {
  const response = await fetch(`${sim.url}${path}`, {
    method: "POST",
    headers: headers as Record<string, string>,
    body,
  });
  return { status: response.status, body: (await response.json()) as unknown, headers: response.headers };
}

describe("OpenAI's error shape", () => {
  it.each([
    {
      case: "no key",
      headers: { "content-type": "application/json" },
      body: { model: "m", messages: [{ role: "user", content: "x" }] },
      status: 401,
      error: {
        message: expect.stringMatching(/^You didn't provide an API key/),
        type: "invalid_request_error",
        param: null,
        code: null,
      },
    },
    {
      case: "a wrong key",
      headers: { authorization: "Bearer sk-nope", "content-type": "application/json" },
      body: { model: "m", messages: [{ role: "user", content: "x" }] },
      status: 401,
      error: {
        message: expect.stringMatching(/^Incorrect API key provided/),
        type: "invalid_request_error",
        param: null,
        code: "invalid_api_key",
      },
    },
    {
      case: "no model",
      headers: OPENAI_HEADERS,
      body: { messages: [{ role: "user", content: "x" }] },
      status: 400,
      error: { message: "you must provide a model parameter", type: "invalid_request_error", param: null, code: null },
    },
    {
      case: "no messages",
      headers: OPENAI_HEADERS,
      body: { model: "m" },
      status: 400,
      error: {
        message: "Missing required parameter: 'messages'.",
        type: "invalid_request_error",
        param: "messages",
        code: "missing_required_parameter",
      },
    },
    {
      case: "empty messages",
      headers: OPENAI_HEADERS,
      body: { model: "m", messages: [] },
      status: 400,
      error: {
        message: expect.stringMatching(/^Invalid 'messages': empty array/),
        type: "invalid_request_error",
        param: "messages",
        code: "empty_array",
      },
    },
    {
      case: "stream_options without stream",
      headers: OPENAI_HEADERS,
      body: { model: "m", messages: [{ role: "user", content: "x" }], stream_options: { include_usage: true } },
      status: 400,
      error: {
        message: "The 'stream_options' parameter is only allowed when 'stream' is enabled.",
        type: "invalid_request_error",
        param: "stream_options",
        code: null,
      },
    },
  ])("chat completions with $case: $status", async ({ headers, body, status, error }) => {
    const answer = await post("/v1/chat/completions", JSON.stringify(body), headers);
    expect(answer.status).toBe(status);
    expect(answer.body).toEqual({ error });
    expect(answer.headers.get("x-request-id")).toMatch(/^req_/);
    expect(sim.requests[0]).toMatchObject({ status, answeredBy: null });
  });

  it("malformed JSON: 400 saying the body could not be parsed, nothing taken from the script", async () => {
    sim.script({ text: "kept" });
    const answer = await post("/v1/chat/completions", '{"model": "m", "messages": [', OPENAI_HEADERS);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      error: {
        message: expect.stringMatching(/^We could not parse the JSON body of your request/),
        type: "invalid_request_error",
      },
    });
    const next = await post(
      "/v1/chat/completions",
      JSON.stringify({ model: "m", messages: [{ role: "user", content: "x" }] }),
      OPENAI_HEADERS,
    );
    expect(next.body).toMatchObject({ choices: [{ message: { content: "kept" } }] });
  });

  it("an unknown path: 404 Invalid URL", async () => {
    const answer = await post("/v1/completions-nope", "{}", OPENAI_HEADERS);
    expect(answer.status).toBe(404);
    expect(answer.body).toEqual({
      error: {
        message: "Invalid URL (POST /v1/completions-nope)",
        type: "invalid_request_error",
        param: null,
        code: null,
      },
    });
  });
});

describe("the Responses API's errors (OpenAI's shape)", () => {
  it("no model: 400 naming the parameter", async () => {
    const answer = await post("/v1/responses", JSON.stringify({ input: "x" }), OPENAI_HEADERS);
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({
      error: {
        message: "Missing required parameter: 'model'.",
        type: "invalid_request_error",
        param: "model",
        code: "missing_required_parameter",
      },
    });
  });
});

describe("Anthropic's error shape", () => {
  const ANTHROPIC_HEADERS = {
    "x-api-key": "sk-right",
    "anthropic-version": "2023-06-01",
    "content-type": "application/json",
  };
  const VALID = { model: "m", max_tokens: 16, messages: [{ role: "user", content: "x" }] };
  const without = (field: keyof typeof VALID) =>
    Object.fromEntries(Object.entries(VALID).filter(([name]) => name !== field));

  it.each([
    {
      case: "no key",
      headers: { "anthropic-version": "2023-06-01" },
      body: VALID,
      status: 401,
      error: { type: "authentication_error", message: "x-api-key header is required" },
    },
    {
      case: "a wrong key",
      headers: { ...ANTHROPIC_HEADERS, "x-api-key": "sk-nope" },
      body: VALID,
      status: 401,
      error: { type: "authentication_error", message: "invalid x-api-key" },
    },
    {
      case: "no anthropic-version",
      headers: { "x-api-key": "sk-right" },
      body: VALID,
      status: 400,
      error: { type: "invalid_request_error", message: "anthropic-version: header is required" },
    },
    {
      case: "no model",
      headers: ANTHROPIC_HEADERS,
      body: without("model"),
      status: 400,
      error: { type: "invalid_request_error", message: "model: Field required" },
    },
    {
      case: "no max_tokens",
      headers: ANTHROPIC_HEADERS,
      body: without("max_tokens"),
      status: 400,
      error: { type: "invalid_request_error", message: "max_tokens: Field required" },
    },
    {
      case: "no messages",
      headers: ANTHROPIC_HEADERS,
      body: without("messages"),
      status: 400,
      error: { type: "invalid_request_error", message: "messages: Field required" },
    },
  ])("messages with $case: $status", async ({ headers, body, status, error }) => {
    const answer = await post("/v1/messages", JSON.stringify(body), headers);
    expect(answer.status).toBe(status);
    expect(answer.body).toEqual({ type: "error", error });
    expect(answer.headers.get("request-id")).toMatch(/^req_/);
    expect(sim.requests[0]).toMatchObject({ provider: "anthropic", status, answeredBy: null });
  });

  it("malformed JSON: 400 saying the body is not valid JSON", async () => {
    const answer = await post("/v1/messages", '{"model": ', ANTHROPIC_HEADERS);
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({
      type: "error",
      error: { type: "invalid_request_error", message: expect.stringMatching(/^The request body is not valid JSON: /) },
    });
  });
});

describe("any provider", () => {
  it("a body over the size limit: 413 in the provider's shape, the simulator still serving", async () => {
    const huge = JSON.stringify({ model: "m", messages: [{ role: "user", content: "x".repeat(33 * 1024 * 1024) }] });
    const answer = await post("/v1/chat/completions", huge, OPENAI_HEADERS);
    expect(answer.status).toBe(413);
    expect(answer.body).toEqual({
      error: { message: "request entity too large", type: "invalid_request_error", param: null, code: null },
    });
    const next = await post(
      "/v1/chat/completions",
      JSON.stringify({ model: "m", messages: [{ role: "user", content: "still up" }] }),
      OPENAI_HEADERS,
    );
    expect(next.body).toMatchObject({ choices: [{ message: { content: "Simulated answer to: still up" } }] });
  });
});
