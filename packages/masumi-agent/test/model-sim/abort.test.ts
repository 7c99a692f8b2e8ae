import { request as httpRequest } from "node:http";
import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { startModelSim, type ModelSim } from "../../src/model-sim/index.ts";

/** Slow turns, and clients that give up on them: the simulator records the abort and keeps serving. */
let sim: ModelSim;
let client: OpenAI;
const log: string[] = [];

beforeAll(async () => {
  sim = await startModelSim({ log: (line) => log.push(line) });
  client = new OpenAI({ apiKey: "any", baseURL: sim.openaiBaseUrl, maxRetries: 0 });
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

const settled = async (predicate: () => boolean) => {
  for (let tries = 0; tries < 100 && !predicate(); tries++) await new Promise((resolve) => setTimeout(resolve, 10));
};

it("a slow answer arrives after its delay", async () => {
  sim.script({ text: "took a while", delayMs: 150 });
  const started = performance.now();
  const completion = await client.chat.completions.create({ model: "m", messages: [{ role: "user", content: "q" }] });
  expect(completion.choices[0]?.message.content).toBe("took a while");
  expect(performance.now() - started).toBeGreaterThanOrEqual(140);
});

it("a client that aborts a slow answer is recorded as aborted, and the next request is served", async () => {
  sim.script({ text: "never read", delayMs: 5_000 });
  const abort = new AbortController();
  const pending = client.chat.completions.create(
    { model: "m", messages: [{ role: "user", content: "q" }] },
    { signal: abort.signal },
  );
  await settled(() => sim.requests.length === 1);
  abort.abort();
  await expect(pending).rejects.toBeInstanceOf(OpenAI.APIUserAbortError);
  await settled(() => sim.requests[0]?.aborted === true);
  expect(sim.requests[0]).toMatchObject({ aborted: true, status: null, answeredBy: "script" });
  const next = await client.chat.completions.create({ model: "m", messages: [{ role: "user", content: "again" }] });
  expect(next.choices[0]?.message.content).toBe("Simulated answer to: again");
});

it("a client that aborts mid-stream is recorded as aborted", async () => {
  sim.script({ text: "first words then a long pause", delayMs: 5_000 });
  const abort = new AbortController();
  const stream = await client.chat.completions.create(
    { model: "m", messages: [{ role: "user", content: "q" }], stream: true },
    { signal: abort.signal },
  );
  const seen: OpenAI.ChatCompletionChunk[] = [];
  const reading = (async () => {
    for await (const chunk of stream) {
      seen.push(chunk);
      abort.abort();
    }
  })();
  await reading; // the SDK's stream ends quietly when its signal aborts
  expect(seen).toHaveLength(1);
  expect(seen[0]?.choices[0]?.delta.role).toBe("assistant");
  await settled(() => sim.requests[0]?.aborted === true);
  expect(sim.requests[0]).toMatchObject({ aborted: true, stream: true });
});

it("a client that goes away in the middle of sending its body is recorded as aborted, not as a fault", async () => {
  const { port } = new URL(sim.url);
  const sending = httpRequest({
    host: "127.0.0.1",
    port,
    method: "POST",
    path: "/v1/chat/completions",
    headers: { authorization: "Bearer any", "content-type": "application/json", "content-length": "1000" },
  });
  sending.on("error", () => {}); // the socket is destroyed on purpose
  sending.write('{"model": "m", "messages": [');
  await settled(() => sim.requests.length === 1);
  sending.destroy();
  await settled(() => sim.requests[0]?.aborted === true);
  expect(sim.requests[0]).toMatchObject({ aborted: true, status: null, answeredBy: null });
  await settled(() => log.length > 0);
  expect(log.at(-1)).toMatch(/^POST \/v1\/chat\/completions aborted by the client/);
  expect(log.join("\n")).not.toContain("internal error");
  const next = await client.chat.completions.create({
    model: "m",
    messages: [{ role: "user", content: "still here" }],
  });
  expect(next.choices[0]?.message.content).toBe("Simulated answer to: still here");
});
