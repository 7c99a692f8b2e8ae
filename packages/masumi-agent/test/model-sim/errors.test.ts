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
  const response = await fetch(`${sim.url}${path}`, { method: "POST", headers: headers as Record<string, string>, body });
  return { status: response.status, body: (await response.json()) as unknown, headers: response.headers };
}

describe("OpenAI's error shape", () => {
  it.each([
    {
      case: "no key",
      headers: { "content-type": "application/json" },
      body: { model: "m", messages: [{ role: "user", content: "x" }] },
      status: 401,
      error: { message: expect.stringMatching(/^You didn't provide an API key/), type: "invalid_request_error", param: null, code: null },
    },
    {
      case: "a wrong key",
      headers: { authorization: "Bearer sk-nope", "content-type": "application/json" },
      body: { model: "m", messages: [{ role: "user", content: "x" }] },
      status: 401,
      error: { message: expect.stringMatching(/^Incorrect API key provided/), type: "invalid_request_error", param: null, code: "invalid_api_key" },
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
      error: { message: "Missing required parameter: 'messages'.", type: "invalid_request_error", param: "messages", code: "missing_required_parameter" },
    },
    {
      case: "empty messages",
      headers: OPENAI_HEADERS,
      body: { model: "m", messages: [] },
      status: 400,
      error: { message: expect.stringMatching(/^Invalid 'messages': empty array/), type: "invalid_request_error", param: "messages", code: "empty_array" },
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
    expect(answer.body).toMatchObject({ error: { message: expect.stringMatching(/^We could not parse the JSON body of your request/), type: "invalid_request_error" } });
    const next = await post("/v1/chat/completions", JSON.stringify({ model: "m", messages: [{ role: "user", content: "x" }] }), OPENAI_HEADERS);
    expect(next.body).toMatchObject({ choices: [{ message: { content: "kept" } }] });
  });

  it("an unknown path: 404 Invalid URL", async () => {
    const answer = await post("/v1/completions-nope", "{}", OPENAI_HEADERS);
    expect(answer.status).toBe(404);
    expect(answer.body).toEqual({ error: { message: "Invalid URL (POST /v1/completions-nope)", type: "invalid_request_error", param: null, code: null } });
  });
});
