/**
 * What each agent kind costs, beside the offline example as the anchor: npm install time (warm
 * npm cache, no shared node_modules), the generated files and lines, and the wall time of one job
 * with one approval (from /start_job to completed, the approval answered over /provide_input),
 * against the model-provider stand-in in this process. The stack is Node + Hono + memory +
 * simulated payments (no SQLite module to compile, so the install time is the framework's).
 * Prints numbers, asserts nothing.
 *
 *   npx tsx bench/agent-kinds.ts [kind...]     # default: every kind
 */
import { createHash } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { SIM_MODEL, startModelSim, type ModelSim } from "masumi-agent/model-sim";
import { canonicalize } from "../packages/masumi-agent/src/check/hash.js";
import { AGENT_KINDS, type AgentKind, type StackOptions } from "../src/options.js";
import { resolveLibrary } from "../src/render/library.js";
import { renderTree } from "../src/render/render-tree.js";
import { writeTree } from "../src/steps/write-tree.js";
import { startProject } from "../test/helpers/generated-project.js";
import { isEntry, median, QUICK } from "./measure.js";

export interface AgentKindResult {
  kind: AgentKind;
  installMs: number;
  files: number;
  lines: number;
  jobsMs: number[];
  medianJobMs: number;
}

type Json = Record<string, any>;

async function call(url: string, path: string, body?: unknown): Promise<Json> {
  const response = await fetch(`${url}${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return (await response.json()) as Json;
}

async function waitFor(url: string, jobId: string, status: string): Promise<Json> {
  for (;;) {
    const job = await call(url, `/status?job_id=${jobId}`);
    if (job.status === status) return job;
    if (job.status === "failed") throw new Error(`job failed: ${job.message}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * One job with one approval. The offline example's approval is its review of the result; a
 * model agent's is its page read (the agent's own /availability), the model scripted to read
 * once and then answer.
 */
async function timeJob(url: string, kind: AgentKind, model: ModelSim): Promise<number> {
  const input =
    kind === "offline"
      ? { text: "Agents on Masumi are paid per job.", review: true }
      : { question: "How are agents on Masumi paid?", sources: `${url}/availability` };
  if (kind !== "offline") {
    model.script(
      { toolCalls: [{ name: "read_page", arguments: { url: `${url}/availability` } }] },
      { text: "Per job." },
    );
  }
  const started = performance.now();
  const { job_id: jobId } = await call(url, "/start_job", {
    identifier_from_purchaser: "a1b2c3d4e5f60718",
    input_data: input,
  });
  const question = await waitFor(url, jobId, "awaiting_input");
  await call(url, "/provide_input", {
    job_id: jobId,
    input_schema_hash: createHash("sha256").update(canonicalize(question.input_schema)).digest("hex"),
    input_data: kind === "offline" ? { approve: true } : { allow: [0] },
  });
  await waitFor(url, jobId, "completed");
  return performance.now() - started;
}

export async function measureAgentKind(
  kind: AgentKind,
  model: ModelSim,
  jobs = QUICK ? 3 : 10,
): Promise<AgentKindResult> {
  const stack: StackOptions = {
    projectName: `bench-${kind}-agent`,
    runtime: "node",
    framework: "hono",
    persistence: "memory",
    payment: "simulated",
    packageManager: "npm",
    agent: kind,
  };
  const root = await mkdtemp(join(tmpdir(), "cma-agent-kinds-"));
  const dir = join(root, stack.projectName);
  try {
    const tree = await renderTree(stack, { library: await resolveLibrary() });
    await writeTree(dir, tree);
    const lines = [...tree.values()].reduce((sum, contents) => sum + contents.split("\n").length - 1, 0);
    const installStarted = performance.now();
    await execa("npm", ["install", "--no-audit", "--no-fund"], { cwd: dir });
    const installMs = performance.now() - installStarted;
    const server = await startProject(dir, {
      MODEL_PROVIDER: "openai-compatible",
      MODEL_BASE_URL: model.openaiBaseUrl,
      MODEL_NAME: SIM_MODEL,
      SIMULATED_PAYMENT_DELAY_MS: "0",
      LOG_LEVEL: "warn",
    });
    const jobsMs: number[] = [];
    try {
      await timeJob(server.url, kind, model); // warm-up: the first job loads the framework's modules
      for (let job = 0; job < jobs; job++) jobsMs.push(await timeJob(server.url, kind, model));
    } finally {
      await server.stop();
    }
    return { kind, installMs, files: tree.size, lines, jobsMs, medianJobMs: median(jobsMs) };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

export function formatAgentKinds(results: AgentKindResult[]): string {
  const anchor = results.find((result) => result.kind === "offline");
  const rows = results.map((result) => {
    const ratio =
      anchor && result !== anchor ? ` (${(result.medianJobMs / anchor.medianJobMs).toFixed(1)}x offline)` : "";
    return `| ${result.kind} | ${(result.installMs / 1000).toFixed(1)} s | ${result.files} | ${result.lines} | ${result.medianJobMs.toFixed(0)} ms${ratio} |`;
  });
  return [
    "| agent | npm install | files | lines | job with one approval (median) |",
    "| --- | --- | --- | --- | --- |",
    ...rows,
  ].join("\n");
}

if (isEntry(import.meta.url)) {
  const asked = process.argv.slice(2) as AgentKind[];
  const kinds =
    asked.length > 0 ? ["offline" as const, ...asked.filter((kind) => kind !== "offline")] : [...AGENT_KINDS];
  const model = await startModelSim();
  try {
    const results: AgentKindResult[] = [];
    for (const kind of kinds) {
      results.push(await measureAgentKind(kind, model));
      console.error(`  ${kind} done`);
    }
    console.log(formatAgentKinds(results));
  } finally {
    await model.close();
  }
}
