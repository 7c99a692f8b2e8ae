import { createHash } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { runConformance } from "../../packages/masumi-agent/src/check/index.js";
import { SIM_MODEL, startModelSim, type ModelSim } from "masumi-agent/model-sim";
import { canonicalize } from "../../packages/masumi-agent/src/check/hash.js";
import { STACK_DEFAULTS, type AgentKind, type Runtime, type StackOptions } from "../../src/options.js";
import { scriptCommand } from "../../src/stack/commands.js";
import { checkProject } from "../../src/steps/check.js";
import { listTree } from "../helpers/cli.js";
import {
  generateProject,
  installStackProject,
  RUNTIME_PATH,
  startCommand,
  startProject,
  type RunningServer,
} from "../helpers/generated-project.js";

/**
 * Each agent kind for real, against the model-provider stand-in (model-sim, in this process):
 * generated on the default stack, installed, started, one paid job through the marketplace flow
 * with the buyer's approval over /provide_input (across a restart of the agent), both
 * conformance profiles, and the project's own tests and typecheck. Then each kind on Bun and on
 * Deno (whose tasks grant what the framework's packages need): install, start, the same job. One project per kind and
 * runtime; the numbers (install time, files, lines, a job's wall time) are printed.
 */

const KINDS = ["ai-sdk", "langgraph", "openai-agents"] as const satisfies readonly AgentKind[];
const PURCHASER = "a1b2c3d4e5f60718";
const PAGE_TEXT = "Agents on Masumi are paid per job.";
const ANSWER = "Masumi agents are paid per job (source: the page).";
const POLL = { timeout: 60_000, interval: 100 };

type Json = Record<string, any>;

async function call(url: string, path: string, body?: unknown): Promise<{ status: number; body: Json }> {
  const response = await fetch(`${url}${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Json };
}

const statusOf = async (url: string, jobId: string) => (await call(url, `/status?job_id=${jobId}`)).body;

/** One HTML page on this machine, counting its reads. */
async function servePage() {
  const server = createServer((_request, response) => {
    page.reads += 1;
    response.writeHead(200, { "content-type": "text/html" }).end(`<html><body><p>${PAGE_TEXT}</p></body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const page = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/about.html`,
    reads: 0,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return page;
}

const stackOf = (agent: AgentKind, runtime: Runtime): StackOptions => ({
  ...STACK_DEFAULTS,
  projectName: `${agent}-${runtime}-agent`,
  runtime,
  packageManager: runtime === "bun" ? "bun" : "npm",
  agent,
});

/** A job that asks to read the page: starts it and waits until the buyer is asked. */
async function jobAwaitingApproval(url: string, model: ModelSim, pageUrl: string): Promise<string> {
  model.script({ toolCalls: [{ name: "read_page", arguments: { url: pageUrl } }] }, { text: ANSWER });
  const started = await call(url, "/start_job", {
    identifier_from_purchaser: PURCHASER,
    input_data: { question: "How are agents on Masumi paid?", sources: pageUrl },
  });
  expect(started.status, JSON.stringify(started.body)).toBe(200);
  const jobId = started.body.job_id as string;
  await expect.poll(async () => (await statusOf(url, jobId)).status, POLL).toBe("awaiting_input");
  return jobId;
}

/** The buyer's approval, naming the question by the hash of its schema as served (MIP-003). */
async function approve(url: string, jobId: string): Promise<void> {
  const question = await statusOf(url, jobId);
  const schema = question.input_schema as { input_data: { id: string }[] };
  expect(schema.input_data.map((field) => field.id)).toEqual(["message", "allow"]);
  const answer = await call(url, "/provide_input", {
    job_id: jobId,
    input_schema_hash: createHash("sha256").update(canonicalize(schema)).digest("hex"),
    // The one page offered, as Sokosumi sends a choice: its index into data.values.
    input_data: { allow: [0] },
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  expect(answer.body.signature).toMatch(/^[0-9a-f]+$/);
}

async function completedResult(url: string, jobId: string): Promise<string> {
  await expect.poll(async () => (await statusOf(url, jobId)).status, POLL).toBe("completed");
  return (await statusOf(url, jobId)).result as string;
}

/** Files and lines of a generated project, node_modules and lockfiles aside. */
async function sizeOf(dir: string): Promise<{ files: number; lines: number }> {
  const files = (await listTree(dir)).filter((path) => !/^(node_modules|data)\/|lock/.test(path));
  let lines = 0;
  for (const path of files) lines += (await readFile(join(dir, path), "utf8")).split("\n").length - 1;
  return { files: files.length, lines };
}

let model: ModelSim;
let page: Awaited<ReturnType<typeof servePage>>;
const measured: string[] = [];

beforeAll(async () => {
  model = await startModelSim();
  page = await servePage();
});

afterAll(async () => {
  await model?.close();
  await page?.close();
  if (measured.length > 0) console.log(["agent kinds (install, files, lines, job wall time):", ...measured].join("\n"));
});

const modelEnv = () => ({
  MODEL_PROVIDER: "openai-compatible",
  MODEL_BASE_URL: model.openaiBaseUrl,
  MODEL_NAME: SIM_MODEL,
  SIMULATED_PAYMENT_DELAY_MS: "100",
});

describe.each(KINDS)("%s on node + hono + sqlite + simulated", (kind) => {
  const stack = stackOf(kind, "node");
  let dir: string;
  let server: RunningServer | undefined;

  beforeAll(async () => {
    dir = await generateProject(stack);
    const started = Date.now();
    await installStackProject(dir, stack);
    const installMs = Date.now() - started;
    const { files, lines } = await sizeOf(dir);
    measured.push(`${kind} node: install ${(installMs / 1000).toFixed(1)} s, ${files} files, ${lines} lines`);
    server = await startProject(dir, modelEnv());
  }, 900_000);

  afterAll(async () => {
    await server?.stop();
  });

  it("runs a paid job whose page read the buyer approves over /provide_input, across a restart", async () => {
    model.reset();
    const readsBefore = page.reads;
    const started = Date.now();
    const jobId = await jobAwaitingApproval(server!.url, model, page.url);
    expect(page.reads).toBe(readsBefore);
    expect((await statusOf(server!.url, jobId)).input_schema.input_data[0].data.description).toContain(page.url);
    await approve(server!.url, jobId);
    expect(await completedResult(server!.url, jobId)).toBe(ANSWER);
    const wallMs = Date.now() - started;
    expect(page.reads).toBe(readsBefore + 1);
    // The page's text went back to the model, after the approval.
    expect(JSON.stringify(model.requests.at(-1)?.messages)).toContain(PAGE_TEXT);
    measured.push(`${kind} node: a job with one approval ${wallMs} ms (model-sim, payment delay 100 ms)`);

    // Restarted while the buyer decides: the job keeps waiting, and the answer given to the new
    // process runs it again from the start (the model asked again, the answer given back).
    const restarted = async (rerun: string) => {
      model.reset();
      const jobId = await jobAwaitingApproval(server!.url, model, page.url);
      await server!.stop();
      server = await startProject(dir, modelEnv());
      expect((await statusOf(server.url, jobId)).status).toBe("awaiting_input");
      model.reset(); // the first process left the final answer queued
      model.script({ toolCalls: [{ name: "read_page", arguments: { url: rerun } }] }, { text: ANSWER });
      const reads = page.reads;
      await approve(server.url, jobId);
      expect(await completedResult(server.url, jobId)).toBe(ANSWER);
      expect(model.requests).toHaveLength(2);
      return page.reads - reads;
    };
    expect(await restarted(page.url)).toBe(1);
    // A re-run whose model wants another page: the answer allowed the first one only.
    expect(await restarted(`${page.url}?another`)).toBe(0);
    expect(JSON.stringify(model.requests.at(-1)?.messages)).not.toContain(PAGE_TEXT);
  }, 180_000);

  it.each(["mip-003", "seed"] as const)(
    "passes every MUST check of the %s profile",
    async (profile) => {
      model.reset();
      const report = await runConformance({ baseUrl: server!.url, profile });
      const failed = report.results.filter((result) => result.outcome === "fail").map((result) => result.id);
      expect(failed).toEqual([]);
      expect(report.exitCode).toBe(0);
    },
    300_000,
  );

  it("passes the CLI's check step, which starts it against the model stand-in: no key needed", async () => {
    let printed = "";
    const write = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
      printed += chunk.toString();
      return true;
    });
    try {
      await checkProject(dir, stack, dir);
    } finally {
      write.mockRestore();
    }
    expect(printed).toMatch(/Conformance check \(mip-003\) finished .* 0 failed/);
  }, 120_000);

  it("refuses to start with bad model settings, one line per problem, and never prints the key", async () => {
    const start = await execa("npm", ["run", "start"], {
      cwd: dir,
      reject: false,
      all: true,
      timeout: 60_000,
      env: {
        PORT: "0",
        MODEL_PROVIDER: "anthropic",
        MODEL_NAME: "",
        MODEL_API_KEY: "sk-ant-secret with-space",
        MODEL_MAX_STEPS: "0",
      },
    });
    expect(start.exitCode, start.all).toBe(1);
    const errors = start.all.split("\n").filter((line) => line.includes("Configuration error"));
    expect(errors).toEqual([
      expect.stringContaining("MODEL_NAME is required"),
      expect.stringContaining("MODEL_API_KEY must be the API key of Anthropic"),
      expect.stringContaining("MODEL_MAX_STEPS must be a whole number"),
    ]);
    expect(start.all).not.toContain("secret");
  }, 60_000);

  it("passes its own tests, without a key, and a strict typecheck", async () => {
    const tests = await execa("npm", ["test"], { cwd: dir, reject: false, all: true, timeout: 300_000 });
    expect(tests.exitCode, tests.all).toBe(0);
    const typecheck = await execa("npm", ["run", "typecheck"], { cwd: dir, reject: false, all: true });
    expect(typecheck.exitCode, typecheck.all).toBe(0);
  }, 400_000);
});

const OTHER_RUNTIMES = KINDS.flatMap((kind) => (["bun", "deno"] as const).map((runtime) => [kind, runtime] as const));

describe.each(OTHER_RUNTIMES)("%s on %s + hono + sqlite + simulated", (kind, runtime) => {
  const stack = stackOf(kind, runtime);
  let dir: string;
  let server: RunningServer | undefined;

  beforeAll(async () => {
    dir = await generateProject(stack);
    const started = Date.now();
    await installStackProject(dir, stack);
    measured.push(`${kind} ${runtime}: install ${((Date.now() - started) / 1000).toFixed(1)} s`);
    server = await startProject(dir, modelEnv(), startCommand(stack));
  }, 600_000);

  afterAll(async () => {
    await server?.stop();
  });

  it("runs a paid job whose page read the buyer approves over /provide_input", async () => {
    model.reset();
    const jobId = await jobAwaitingApproval(server!.url, model, page.url);
    await approve(server!.url, jobId);
    expect(await completedResult(server!.url, jobId)).toBe(ANSWER);
  }, 120_000);

  it("passes its own tests", async () => {
    const test = scriptCommand(stack, "test");
    const tests = await execa(test.file, test.args, {
      cwd: dir,
      reject: false,
      all: true,
      env: { PATH: RUNTIME_PATH },
      timeout: 300_000,
    });
    expect(tests.exitCode, tests.all).toBe(0);
  }, 300_000);
});
