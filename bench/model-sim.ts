/**
 * What the model-provider stand-in adds to an agent's job: the median time of one model call
 * through the real SDKs (plain, streamed, with tool calls; each API it speaks), side by side with
 * the anchor of the same SDK call answered by a bare node:http server sending a fixed reply. Prints
 * numbers, asserts nothing.
 *
 *   npm run build -w masumi-agent && npx tsx bench/model-sim.ts [--calls 300]   (QUICK=1: 50 calls)
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";
import Anthropic from "@anthropic-ai/sdk";
import { startModelSim } from "masumi-agent/model-sim";
import OpenAI from "openai";
import { QUICK, median } from "./measure.js";

const { values } = parseArgs({ options: { calls: { type: "string", default: QUICK ? "50" : "300" } } });
const calls = Number(values.calls);

const sim = await startModelSim();
const openai = new OpenAI({ apiKey: "bench", baseURL: sim.openaiBaseUrl, maxRetries: 0 });
const anthropic = new Anthropic({ apiKey: "bench", baseURL: sim.anthropicBaseUrl, maxRetries: 0 });
const TEXT = "A summary of about twenty words, long enough to stream as several deltas like a real model answer would.";
const ASK = [{ role: "user" as const, content: "Summarise the text." }];
const TOOL_CALL = { toolCalls: [{ name: "search", arguments: { query: "masumi agents", limit: 5 } }] };

/** The anchor: a server that sends one fixed chat completion, doing nothing else. */
const fixed = JSON.stringify({
  id: "chatcmpl-anchor",
  object: "chat.completion",
  created: 0,
  model: "m",
  choices: [
    { index: 0, message: { role: "assistant", content: TEXT, refusal: null }, logprobs: null, finish_reason: "stop" },
  ],
  usage: { prompt_tokens: 5, completion_tokens: 20, total_tokens: 25 },
});
const bare = createServer((request, response) => {
  request.resume();
  request.on("end", () => response.writeHead(200, { "content-type": "application/json" }).end(fixed));
});
await new Promise<void>((resolve) => bare.listen(0, "127.0.0.1", resolve));
const anchorClient = new OpenAI({
  apiKey: "bench",
  baseURL: `http://127.0.0.1:${(bare.address() as AddressInfo).port}/v1`,
  maxRetries: 0,
});

/** The median of `calls` timed calls, after as many untimed ones (the JIT and the sockets warm up). */
async function timeCalls(call: () => Promise<unknown>, turn?: () => void): Promise<number> {
  const durations: number[] = [];
  for (let index = 0; index < 2 * calls; index++) {
    turn?.();
    const started = performance.now();
    await call();
    if (index >= calls) durations.push(performance.now() - started);
  }
  return median(durations);
}

const drain = async (stream: AsyncIterable<unknown>) => {
  for await (const _event of stream);
};

const rows: [string, number][] = [
  [
    "anchor: bare node:http, fixed chat completion",
    await timeCalls(() => anchorClient.chat.completions.create({ model: "m", messages: ASK })),
  ],
  [
    "chat completions, text",
    await timeCalls(
      () => openai.chat.completions.create({ model: "m", messages: ASK }),
      () => sim.script({ text: TEXT }),
    ),
  ],
  [
    "chat completions, streamed text",
    await timeCalls(
      async () => drain(await openai.chat.completions.create({ model: "m", messages: ASK, stream: true })),
      () => sim.script({ text: TEXT }),
    ),
  ],
  [
    "chat completions, streamed tool call",
    await timeCalls(
      async () => drain(await openai.chat.completions.create({ model: "m", messages: ASK, stream: true })),
      () => sim.script(TOOL_CALL),
    ),
  ],
  [
    "responses, text",
    await timeCalls(
      () => openai.responses.create({ model: "m", input: "Summarise." }),
      () => sim.script({ text: TEXT }),
    ),
  ],
  [
    "responses, streamed text",
    await timeCalls(
      async () => drain(await openai.responses.create({ model: "m", input: "Summarise.", stream: true })),
      () => sim.script({ text: TEXT }),
    ),
  ],
  [
    "anthropic messages, text",
    await timeCalls(
      () => anthropic.messages.create({ model: "m", max_tokens: 256, messages: ASK }),
      () => sim.script({ text: TEXT }),
    ),
  ],
  [
    "anthropic messages, streamed tool call",
    await timeCalls(
      () => anthropic.messages.stream({ model: "m", max_tokens: 256, messages: ASK }).finalMessage(),
      () => sim.script(TOOL_CALL),
    ),
  ],
];
const anchor = rows[0]![1];
console.log(
  `model-sim: median of ${calls} sequential SDK calls after ${calls} warm-up calls (Node ${process.version})`,
);
for (const [label, ms] of rows)
  console.log(`  ${label.padEnd(48)} ${ms.toFixed(2).padStart(7)} ms  ${(ms / anchor).toFixed(2)}x anchor`);
await sim.close();
await new Promise((resolve) => bare.close(resolve));
