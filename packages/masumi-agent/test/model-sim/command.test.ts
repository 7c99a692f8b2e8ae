import { fileURLToPath } from "node:url";
import { execa } from "execa";
import OpenAI from "openai";
import { afterAll, beforeAll, expect, it } from "vitest";

/**
 * `masumi-agent model-sim` as a separate process (the built dist/: build first), driven as an
 * end-to-end test or a developer drives it: read the printed environment, script over HTTP, ask
 * with an SDK, stop with SIGTERM.
 */
const BIN = fileURLToPath(new URL("../../dist/bin.js", import.meta.url));

let sim: ReturnType<typeof execa>;
let env: Record<string, string>;

beforeAll(async () => {
  sim = execa(process.execPath, [BIN, "model-sim", "--port", "0", "--api-key", "sk-dev"], {
    reject: false,
    env: { NO_COLOR: "1" },
  });
  let output = "";
  await new Promise<void>((resolve, reject) => {
    sim.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (/^ANTHROPIC_API_KEY=/m.test(output)) resolve();
    });
    sim.once("exit", () => reject(new Error(`model-sim exited early: ${output}`)));
  });
  env = Object.fromEntries([...output.matchAll(/^([A-Z_]+)=(.*)$/gm)].map((match) => [match[1]!, match[2]!]));
});
afterAll(() => {
  if (sim.exitCode === null) sim.kill("SIGTERM");
});

it("prints the base URLs and environment lines for both providers, with the key it was given", () => {
  expect(env.OPENAI_BASE_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
  expect(env.ANTHROPIC_BASE_URL).toBe(env.OPENAI_BASE_URL?.replace(/\/v1$/, ""));
  expect(env.OPENAI_API_KEY).toBe("sk-dev");
  expect(env.ANTHROPIC_API_KEY).toBe("sk-dev");
});

it("answers what was scripted over its admin route, then stops on SIGTERM", async () => {
  const origin = env.ANTHROPIC_BASE_URL!;
  const scripted = await fetch(`${origin}/__sim/script`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ turns: [{ toolCalls: [{ name: "lookup", arguments: { id: 7 } }] }] }),
  });
  expect(await scripted.json()).toEqual({ queued: 1 });
  const client = new OpenAI({ apiKey: "sk-dev", baseURL: env.OPENAI_BASE_URL, maxRetries: 0 });
  const completion = await client.chat.completions.create({
    model: "m",
    messages: [{ role: "user", content: "find 7" }],
  });
  const call = completion.choices[0]?.message.tool_calls?.[0];
  expect(call?.type === "function" && [call.function.name, JSON.parse(call.function.arguments)]).toEqual([
    "lookup",
    { id: 7 },
  ]);
  const { requests } = (await (await fetch(`${origin}/__sim/requests`)).json()) as {
    requests: { path: string; status: number }[];
  };
  expect(requests).toMatchObject([{ path: "/v1/chat/completions", status: 200 }]);

  sim.kill("SIGTERM");
  const result = await sim;
  const stdout = String(result.stdout);
  expect(result.exitCode).toBe(0);
  expect(stdout).toMatch(/POST \/v1\/chat\/completions 200/);
  expect(stdout).toContain("model-sim stopped (SIGTERM)");
  const requestLines = stdout.split("\n").filter((line) => /(GET|POST) \//.test(line));
  expect(requestLines.length).toBeGreaterThan(0);
  for (const line of requestLines) expect(line).not.toContain("sk-dev");
});
