import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runConformance } from "../../packages/masumi-agent/src/check/index.js";
import type { Framework } from "../../src/options.js";
import { generateProject, installProject, startProject, type RunningServer } from "../helpers/generated-project.js";

/**
 * Express and Fastify for real, on the default store and payment: each project is generated,
 * installed, typechecked, started and checked in both profiles, then runs its own test suite
 * (the same suite the Hono project passes). The direct requests below pin the framework-level
 * behaviours the Hono server has, so the three frameworks answer alike.
 */

const ONE_MB = 1024 * 1024;

/** A request, and what the Hono server answers to it. */
interface FrameworkCase {
  label: string;
  path: string;
  init?: RequestInit;
  status: number;
  error: string;
  allow?: string;
}

const json = { "content-type": "application/json" };

const CASES: FrameworkCase[] = [
  { label: "an unknown path", path: "/nothing/here", status: 404, error: "not_found" },
  { label: "a path in another case", path: "/STATUS?job_id=x", status: 404, error: "not_found" },
  { label: "a malformed path", path: "/%zz", status: 404, error: "not_found" },
  { label: "GET on a POST route", path: "/start_job", status: 405, error: "method_not_allowed", allow: "POST" },
  {
    label: "POST on a GET route",
    path: "/availability",
    init: { method: "POST", headers: json, body: "{}" },
    status: 405,
    error: "method_not_allowed",
    allow: "GET",
  },
  {
    label: "malformed JSON",
    path: "/start_job",
    init: { method: "POST", headers: json, body: "{oops" },
    status: 400,
    error: "invalid_json",
  },
  {
    label: "no body at all",
    path: "/provide_input",
    init: { method: "POST", headers: json },
    status: 400,
    error: "invalid_json",
  },
  {
    label: "no body and no Content-Type",
    path: "/provide_input",
    init: { method: "POST" },
    status: 415,
    error: "unsupported_media_type",
  },
  {
    label: "a JSON array",
    path: "/start_job",
    init: { method: "POST", headers: json, body: "[1, 2]" },
    status: 400,
    error: "invalid_request",
  },
  {
    label: "a form body sent as text/plain",
    path: "/start_job",
    init: { method: "POST", headers: { "content-type": "text/plain" }, body: "input_data=hello" },
    // RFC 9110 section 15.5.16: a body in a format the endpoint does not take is 415.
    status: 415,
    error: "unsupported_media_type",
  },
  {
    label: "a body over 1 MB",
    path: "/start_job",
    init: { method: "POST", headers: json, body: JSON.stringify({ input_data: { text: "x".repeat(ONE_MB) } }) },
    status: 413,
    error: "payload_too_large",
  },
];

const FRAMEWORKS: Framework[] = ["express", "fastify"];

describe.each(FRAMEWORKS)("node + %s + sqlite + simulated", (framework) => {
  let dir: string;
  let server: RunningServer;

  beforeAll(async () => {
    const stack = { projectName: `${framework}-agent`, runtime: "node", framework, persistence: "sqlite", payment: "simulated", packageManager: "npm", agent: "offline" } as const;
    dir = await generateProject(stack);
    await installProject(dir);
    server = await startProject(dir);
  }, 900_000);

  afterAll(async () => {
    await server?.stop();
  });

  it("passes a strict typecheck", async () => {
    const typecheck = await execa("npm", ["run", "typecheck"], { cwd: dir, reject: false, all: true });
    expect(typecheck.exitCode, typecheck.all).toBe(0);
  }, 120_000);

  it.each(["mip-003", "seed"] as const)("passes every MUST check of the %s profile", async (profile) => {
    const report = await runConformance({ baseUrl: server.url, profile });
    const failed = report.results.filter((result) => result.outcome === "fail").map((result) => result.id);
    expect(failed).toEqual([]);
    expect(report.exitCode).toBe(0);
  }, 300_000);

  it.each(CASES)("answers $label with JSON $status", async ({ path, init, status, error, allow }) => {
    const response = await fetch(`${server.url}${path}`, init);
    expect(response.status).toBe(status);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(response.headers.get("allow")).toBe(allow ?? null);
    expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const body = await response.json();
    expect(body).toEqual({ error, message: expect.any(String) });
  });

  it("passes its own test suite", async () => {
    const tests = await execa("npm", ["test"], { cwd: dir, reject: false, all: true, timeout: 300_000 });
    expect(tests.exitCode, tests.all).toBe(0);
  }, 300_000);
});
