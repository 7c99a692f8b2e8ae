import { copyFile, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { startModelSim, type ModelSim } from "masumi-agent/model-sim";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installRegistryNode } from "../helpers/registry-node.js";

/**
 * The model-provider stand-in against the model clients of the agent frameworks an author can
 * choose (the AI SDK over OpenAI's Responses and Chat Completions APIs, Anthropic's Messages and an
 * OpenAI-compatible endpoint; the OpenAI Agents SDK; LangChain's ChatOpenAI under LangGraph.js).
 * They need Node 22 or later, so they run on Node 24 from the registry, installed once into a cache
 * folder.
 */
const NODE_MAJOR = 24;
/** Exact versions, so the cache folder is reused until they change. */
const FRAMEWORKS = {
  "@ai-sdk/anthropic": "4.0.112",
  "@ai-sdk/openai": "4.0.126",
  "@ai-sdk/openai-compatible": "3.0.97",
  "@langchain/core": "1.4.0",
  "@langchain/openai": "1.6.0",
  "@openai/agents": "0.20.0",
  ai: "7.0.185",
  openai: "7.60.0",
  zod: "4.6.7",
};
const CACHE = "/tmp/cma-model-sim-frameworks";
const CLIENTS = fileURLToPath(new URL("./fixtures/framework-clients.mjs", import.meta.url));

interface ScenarioResult {
  scenario: string;
  output: unknown;
  requests: { api: string; status: number | null; stream: boolean; aborted: boolean; answeredBy: string | null }[];
  toolResultSent: boolean;
}

let sim: ModelSim;
let results: Map<string, ScenarioResult>;
let skipped: string | undefined;

/** Installs the frameworks into CACHE unless the versions there are these already. */
async function installFrameworks(env: NodeJS.ProcessEnv): Promise<void> {
  const manifest = JSON.stringify(
    { name: "model-sim-frameworks", private: true, type: "module", dependencies: FRAMEWORKS },
    null,
    2,
  );
  const installed = await readFile(join(CACHE, "package.json"), "utf8").catch(() => "");
  const complete = await readFile(join(CACHE, "node_modules", ".package-lock.json"), "utf8").then(
    () => true,
    () => false,
  );
  if (installed === manifest && complete) return;
  await mkdir(CACHE, { recursive: true });
  await writeFile(join(CACHE, "package.json"), manifest);
  await execa("npm", ["install", "--no-audit", "--no-fund", "--ignore-scripts"], { cwd: CACHE, env, timeout: 300_000 });
}

beforeAll(async () => {
  const node = await installRegistryNode(NODE_MAJOR);
  if ("unreachable" in node) {
    if (process.env.CI === "true") throw new Error(`The npm registry cannot be reached:\n${node.unreachable}`);
    skipped = "the npm registry cannot be reached";
    return;
  }
  await installFrameworks(node.env);
  await copyFile(CLIENTS, join(CACHE, "framework-clients.mjs"));
  sim = await startModelSim();
  const run = await execa(node.bin, ["framework-clients.mjs"], {
    cwd: CACHE,
    env: { ...node.env, MODEL_SIM_URL: sim.url, AI_SDK_LOG_WARNINGS: "false" },
    timeout: 120_000,
  });
  const lines = run.stdout.split("\n").filter((line) => line.startsWith("{"));
  results = new Map(lines.map((line) => JSON.parse(line) as ScenarioResult).map((result) => [result.scenario, result]));
}, 600_000);
afterAll(() => sim?.close());

function resultOf(scenario: string, context: { skip: (note?: string) => void }): ScenarioResult {
  if (skipped) context.skip(skipped);
  const result = results.get(scenario);
  if (!result) throw new Error(`the scenario ${scenario} printed no result`);
  return result;
}

describe.each([
  { label: "ai-sdk openai responses", api: "responses" },
  { label: "ai-sdk openai chat", api: "chat.completions" },
  { label: "ai-sdk anthropic", api: "messages" },
  { label: "ai-sdk openai-compatible", api: "chat.completions" },
])("$label", ({ label, api }) => {
  it.for(["generateText", "streamText"])(
    "%s calls the tool, sends its result back and returns the final text",
    (call, context) => {
      const result = resultOf(`${label} ${call}`, context);
      expect(result.output).toBe("Sunny in Oslo.");
      expect(result.requests).toEqual([
        { api, status: 200, stream: call === "streamText", aborted: false, answeredBy: "script" },
        { api, status: 200, stream: call === "streamText", aborted: false, answeredBy: "script" },
      ]);
      expect(result.toolResultSent).toBe(true);
    },
  );

  it("an aborted call rejects with AbortError and is recorded as aborted", (context) => {
    const result = resultOf(`${label} abort`, context);
    expect(result.output).toBe("AbortError");
    expect(result.requests).toEqual([{ api, status: null, stream: false, aborted: true, answeredBy: "script" }]);
  });
});

describe("the OpenAI Agents SDK", () => {
  it.for([
    { scenario: "openai-agents run", api: "responses", stream: false },
    { scenario: "openai-agents run streamed", api: "responses", stream: true },
    { scenario: "openai-agents approval", api: "responses", stream: false },
    { scenario: "openai-agents chat completions", api: "chat.completions", stream: false },
  ])(
    "$scenario: the tool runs and the agent's final output is the scripted text",
    ({ scenario, api, stream }, context) => {
      const result = resultOf(scenario, context);
      expect(result.output).toBe("Sunny in Oslo.");
      expect(result.requests.map((request) => [request.api, request.status, request.stream])).toEqual([
        [api, 200, stream],
        [api, 200, stream],
      ]);
      expect(result.toolResultSent).toBe(true);
    },
  );
});

describe("LangChain's ChatOpenAI", () => {
  it.for([
    { scenario: "langchain tool call", api: "chat.completions" },
    { scenario: "langchain responses api", api: "responses" },
  ])("$scenario: returns the scripted tool call", ({ scenario, api }, context) => {
    const result = resultOf(scenario, context);
    expect(result.output).toEqual([{ name: "weather", args: { city: "Oslo" } }]);
    expect(result.requests.map((request) => request.api)).toEqual([api]);
  });

  it("streams the scripted text", (context) => {
    const result = resultOf("langchain stream", context);
    expect(result.output).toBe("Sunny in Oslo.");
    expect(result.requests).toMatchObject([{ api: "chat.completions", stream: true, status: 200 }]);
  });
});
