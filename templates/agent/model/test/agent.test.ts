import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { startModelSim } from "masumi-agent/model-sim";
import { startTestAgent } from "masumi-agent/testing";
import * as agent from "../src/agent.ts";

// Tests of the research agent, without a key or a network: the model is masumi-agent's stand-in
// for the providers (model-sim), which speaks OpenAI's API on this machine and answers as each
// test scripts it; the web page is served here too. startTestAgent runs the agent as its server
// would (input validation, the job lifecycle of MIP-003), in memory and without payments.

const model = await startModelSim();
const page = await servePage(
  "<html><body><h1>Masumi</h1><p>Agents are paid per job.</p></body></html>",
);
const modelEnv = {
  MODEL_PROVIDER: "openai-compatible",
  MODEL_BASE_URL: model.openaiBaseUrl,
  MODEL_NAME: "model-sim",
};
const testAgent = await startTestAgent(agent, { env: modelEnv });
afterAll(async () => {
  await testAgent.close();
  await model.close();
  await page.close();
});
beforeEach(() => {
  model.reset();
  page.reads = 0;
});

/** Everything the model was sent in its last request, as text. */
const lastPrompt = () => JSON.stringify(model.requests.at(-1)?.messages);

describe("research agent", () => {
  it("reads a page once the buyer approves it, and answers from it", async () => {
    model.script(
      { toolCalls: [{ name: "read_page", arguments: { url: page.url } }] },
      { text: "Masumi agents are paid per job." },
    );
    const job = await testAgent.start({ question: "How are agents paid?", sources: page.url });
    const question = await job.question();
    // The agent's message leads the question, as a field marketplaces show.
    expect(question.input_data?.map((field) => field.id)).toEqual(["message", "allow"]);
    expect(JSON.stringify(question)).toContain(page.url);
    expect(page.reads).toBe(0);
    await job.answer({ allow: [page.url] });
    expect(await job.result()).toBe("Masumi agents are paid per job.");
    expect(page.reads).toBe(1);
    // The model got the question and sources first, and the page's text after the read.
    expect(JSON.stringify(model.requests[0]?.messages)).toContain(page.url);
    expect(lastPrompt()).toContain("Agents are paid per job.");
  });

  it("goes on without the page when the buyer refuses it", async () => {
    model.script(
      { toolCalls: [{ name: "read_page", arguments: { url: page.url } }] },
      { text: "I could not read the page." },
    );
    const job = await testAgent.start({ question: "How are agents paid?" });
    await job.question();
    await job.answer({ allow: [] });
    expect(await job.result()).toBe("I could not read the page.");
    expect(page.reads).toBe(0);
    expect(lastPrompt()).not.toContain("Agents are paid per job.");
  });

  it("answers without asking when the model needs no page", async () => {
    model.script({ text: "Two and two make four." });
    const job = await testAgent.start({ question: "What is two and two?" });
    expect(await job.result()).toBe("Two and two make four.");
  });

  it("fails the job when the model refuses the request", async () => {
    model.script({ error: { status: 400, message: "This model does not exist" } });
    const job = await testAgent.start({ question: "What is two and two?" });
    await expect(job.result()).rejects.toThrow();
  });
});

describe("research agent under a job time limit", () => {
  it("aborts the model call when the job runs out of time", async () => {
    const limited = await startTestAgent(agent, { env: { ...modelEnv, JOB_TIMEOUT_MS: "1000" } });
    try {
      model.reset();
      model.script({ text: "Too late.", delayMs: 10_000 });
      const job = await limited.start({ question: "What is two and two?" });
      await expect(job.result()).rejects.toThrow(/longer than/);
      // ctx.signal reached the model call: the request was cut, not left to finish.
      await expect.poll(() => model.requests[0]?.aborted).toBe(true);
    } finally {
      await limited.close();
    }
  });
});

describe("research agent with MODEL_MAX_STEPS=1", () => {
  it("fails the job that needs more model steps", async () => {
    const limited = await startTestAgent(agent, { env: { ...modelEnv, MODEL_MAX_STEPS: "1" } });
    try {
      model.reset();
      model.script(
        { toolCalls: [{ name: "read_page", arguments: { url: page.url } }] },
        { text: "One step too many." },
      );
      const job = await limited.start({ question: "How are agents paid?" });
      // The first step asks to read the page; going on after the answer takes a second one.
      await job.question();
      await job.answer({ allow: [page.url] });
      await expect(job.result()).rejects.toThrow(/more than 1 model steps \(MODEL_MAX_STEPS\)/);
    } finally {
      await limited.close();
    }
  });
});

/** Serves one HTML page on this machine and counts its reads. */
async function servePage(html: string) {
  const server = createServer((_request, response) => {
    served.reads += 1;
    response.writeHead(200, { "content-type": "text/html" }).end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const served = {
    url: `http://127.0.0.1:${port}/masumi.html`,
    reads: 0,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return served;
}
