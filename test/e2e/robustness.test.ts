/**
 * A listed agent is a public server that strangers send arbitrary bytes to. For every supported
 * runtime x framework pair (memory store: the HTTP layer under test does not depend on the store,
 * and no native module has to be built; simulated payments), this generates and
 * starts the real server, sends it the hostile corpus of test/helpers/hostile-corpus.ts twice,
 * and checks that it refuses everything cleanly, stays up and does not grow without bound. Each
 * requirement is its own test, so a failure names what broke on which stack.
 */
import { rm } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StackOptions } from "../../src/options.js";
import { templateContext } from "../../src/render/context.js";
import { supportedStacks } from "../../src/stack/combinations.js";
import {
  generateProject,
  installStackProject,
  startCommand,
  startProject,
  type RunningServer,
} from "../helpers/generated-project.js";
import { hostileCorpus, httpRequest, POLLUTION_BODIES, PURCHASER, type HostileRequest } from "../helpers/hostile-corpus.js";
import { listeningPid, processMemory } from "../helpers/processes.js";
import { rawExchange, type RawOutcome } from "../helpers/raw-http.js";

/** How long one hostile request may take before the server counts as hanging on it. */
const ANSWER_WAIT_MS = 10_000;
/**
 * A stalled request (headers and then nothing) must be ended by the server's request timeout
 * within this. Generous, so any sane default passes (Bun's idle timeout ends a connection seconds
 * late); Node's own default would wait 300 s.
 */
const STALL_LIMIT_MS = 35_000;
/**
 * Round 1 pays for warm-up (JIT, lazily loaded modules, allocator arenas),
 * so round 2 of the identical corpus should add little more than garbage not yet collected.
 * A leak of 100 KiB per request (a kept body, socket or closure) over the ~420 requests of a
 * round would add over 40 MiB, so 32 MiB separates a leak from GC noise.
 */
const ROUND_GROWTH_LIMIT_BYTES = 32 * 1024 * 1024;
const PARALLEL_REQUESTS = 8;
/** Stack frames, source paths and the messages of JavaScript's own errors (JSON.parse's too). */
const LEAKED_INTERNALS =
  /\n\s+at\s|\bat\s+\S+\s+\(|node:internal|file:\/\/|\/src\/\S+\.ts|\.ts:\d+:\d+|\b(Type|Range|Syntax|Reference)Error\b|Unexpected (token|end of JSON)|Maximum call stack|is not a function|Cannot read propert/;

interface Exchange {
  request: HostileRequest;
  outcome: RawOutcome;
}

interface StackRun {
  rounds: Exchange[][];
  rss: number[];
  stalled: { name: string; outcome: RawOutcome }[];
  pollutionProbesBefore: string[];
  pollutionProbesAfter: string[];
  /** The status of GET /availability after both rounds; 0 when it did not answer. */
  availabilityAfter: number;
  aliveAfter: boolean;
}

/** One stack per runtime x framework pair, on the memory store. */
function robustnessStacks(): StackOptions[] {
  const seen = new Set<string>();
  return supportedStacks("robust-agent").filter((stack) => {
    const pair = `${stack.runtime}+${stack.framework}`;
    if (stack.persistence !== "memory" || stack.payment !== "simulated" || seen.has(pair)) return false;
    seen.add(pair);
    return true;
  });
}

async function sendAll(port: number, corpus: HostileRequest[]): Promise<Exchange[]> {
  const exchanges: Exchange[] = new Array(corpus.length);
  let next = 0;
  const worker = async () => {
    while (next < corpus.length) {
      const index = next++;
      const request = corpus[index]!;
      const outcome = await rawExchange(port, request.bytes, { waitMs: ANSWER_WAIT_MS, endAfterWrite: request.endAfterWrite });
      exchanges[index] = { request, outcome };
    }
  };
  await Promise.all(Array.from({ length: PARALLEL_REQUESTS }, worker));
  return exchanges;
}

/** Answers that would differ if Object.prototype had gained job fields: requests missing them. */
async function pollutionProbes(port: number): Promise<string[]> {
  const probes = ["{}", `{"identifier_from_purchaser":"${PURCHASER}"}`, '{"job_id":"x"}'];
  const answers: string[] = [];
  for (const [index, body] of probes.entries()) {
    const path = index === 2 ? "/provide_input" : "/start_job";
    const request = httpRequest("POST", path, { headers: { "Content-Type": "application/json" }, body });
    const outcome = await rawExchange(port, request, { waitMs: ANSWER_WAIT_MS });
    answers.push(outcome.kind === "answer" ? `${outcome.status} ${outcome.body}` : outcome.kind);
  }
  return answers;
}

async function settledRss(pid: number): Promise<number> {
  // Let sockets close and timers run before reading.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  return (await processMemory(pid)).rss;
}

function stalledRequests(port: number): Promise<{ name: string; outcome: RawOutcome }[]> {
  const stalls = [
    { name: "headers sent, body never", bytes: httpRequest("POST", "/start_job", { headers: { "Content-Type": "application/json", "Content-Length": "100" } }) },
    { name: "headers never finished", bytes: "GET /availability HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: a" },
  ];
  return Promise.all(
    stalls.map(async ({ name, bytes }) => ({ name, outcome: await rawExchange(port, bytes, { waitMs: STALL_LIMIT_MS }) })),
  );
}

async function exercise(stack: StackOptions, servers: RunningServer[]): Promise<StackRun> {
  const dir = await generateProject(stack);
  await installStackProject(dir, stack);
  // A short request timeout, so the stalled requests end well within STALL_LIMIT_MS whatever the
  // runtime's timer granularity; the default (30 s) is what .env.example documents.
  const server = await startProject(dir, { REQUEST_TIMEOUT_MS: "5000" }, startCommand(stack));
  servers.push(server);
  const port = Number(new URL(server.url).port);
  const pid = await listeningPid(port);
  if (pid === undefined) throw new Error(`no process listens on port ${port}`);

  const stalled = stalledRequests(port);
  const pollutionProbesBefore = await pollutionProbes(port);
  const corpus = hostileCorpus();
  const rounds: Exchange[][] = [];
  const rss: number[] = [];
  for (let round = 0; round < 2; round++) {
    rounds.push(await sendAll(port, corpus));
    rss.push(await settledRss(pid));
  }
  const pollutionProbesAfter = await pollutionProbes(port);
  const availabilityAfter = await fetch(`${server.url}/availability`, { signal: AbortSignal.timeout(ANSWER_WAIT_MS) }).then(
    (response) => response.status,
    () => 0,
  );
  const stalledOutcomes = await stalled;
  const aliveAfter = (await listeningPid(port)) === pid;
  await server.stop();
  await rm(dir, { recursive: true, force: true });
  return {
    rounds,
    rss,
    stalled: stalledOutcomes,
    pollutionProbesBefore,
    pollutionProbesAfter,
    availabilityAfter,
    aliveAfter,
  };
}

function describeOutcome(outcome: RawOutcome): string {
  if (outcome.kind !== "answer") return outcome.kind;
  return `${outcome.status} ${outcome.body.slice(0, 160)}`;
}

/**
 * A runtime's own HTTP parser (Bun's) refuses a request line it cannot read as HTTP/1.x with
 * 505 HTTP Version Not Supported, which RFC 9110 section 15.6.6 names for exactly that. It is
 * accepted for broken HTTP only: a valid HTTP request must still get a 4xx from the agent.
 */
function isProtocolRefusalStatus(status: number): boolean {
  return (status >= 400 && status < 500) || status === 505;
}

/**
 * node:http serves every stack but Bun + Hono, and masumi-agent's node-http.ts answers what its parser refuses
 * (headers too large, bytes that are not HTTP, a request that timed out) with the agent's JSON
 * errors. Bun.serve answers those with an empty body and has no hook for them; it ends a request
 * whose headers never finish by closing the connection, without an answer.
 */
function serverRefusesWithJson(stack: StackOptions): boolean {
  return templateContext(stack).usesNodeHttp === true;
}

/** The `error` of a JSON error answer; undefined for any other answer or outcome. */
function errorCode(outcome: RawOutcome): string | undefined {
  if (outcome.kind !== "answer" || !/application\/json/i.test(outcome.headers["content-type"] ?? "")) return undefined;
  try {
    const body = JSON.parse(outcome.body) as { error?: unknown } | null;
    return typeof body?.error === "string" ? body.error : undefined;
  } catch {
    return undefined;
  }
}

function isJsonError(outcome: RawOutcome): boolean {
  return errorCode(outcome) !== undefined;
}

/** The agent's own refusal, with its status and error code (masumi-agent's api.ts), not a framework's. */
function isRefusal(outcome: RawOutcome, status: number, code: string): boolean {
  return outcome.kind === "answer" && outcome.status === status && errorCode(outcome) === code;
}

const stacks = robustnessStacks();
const runs = new Map<string, PromiseSettledResult<StackRun>>();
const servers: RunningServer[] = [];

beforeAll(async () => {
  // All stacks at once: their installs, rounds and stall waits overlap.
  const settled = await Promise.allSettled(stacks.map((stack) => exercise(stack, servers)));
  stacks.forEach((stack, index) => runs.set(label(stack), settled[index]!));
}, 900_000);

afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop()));
});

function label(stack: StackOptions): string {
  return `${stack.runtime} + ${stack.framework}`;
}

for (const stack of stacks) {
  describe(`robustness of ${label(stack)} (memory store)`, () => {
    const jsonFromServer = serverRefusesWithJson(stack);
    const withJson = jsonFromServer ? " and the agent's JSON error" : "";
    /** The server's own refusal: the agent's JSON error where the server is node:http. */
    const refused = (outcome: RawOutcome, status: number, code: string) =>
      jsonFromServer ? isRefusal(outcome, status, code) : outcome.kind === "answer" && outcome.status === status;
    const run = (): StackRun => {
      const result = runs.get(label(stack));
      if (!result) throw new Error("the stack was not exercised");
      if (result.status === "rejected") throw result.reason;
      return result.value;
    };
    const exchanges = (): Exchange[] => run().rounds.flat();
    const failing = (keep: (exchange: Exchange) => boolean) =>
      exchanges()
        .filter(keep)
        .map(({ request, outcome }) => `${request.name}: ${describeOutcome(outcome)}`);

    it("answers every hostile but valid HTTP request with a 4xx", () => {
      expect(
        failing(({ request, outcome }) => request.expect === "json-refusal" && !(outcome.kind === "answer" && outcome.status >= 400 && outcome.status < 500)),
      ).toEqual([]);
    });

    it("answers those refusals with a JSON error body", () => {
      expect(failing(({ request, outcome }) => request.expect === "json-refusal" && !isJsonError(outcome))).toEqual([]);
    });

    it("answers broken or oversized HTTP with a 4xx, a 505 or by closing the connection, never another 5xx or silence", () => {
      expect(
        failing(({ request, outcome }) => request.expect === "protocol-refusal" && !(outcome.kind === "closed" || (outcome.kind === "answer" && isProtocolRefusalStatus(outcome.status)))),
      ).toEqual([]);
    });

    it(`answers headers of absurd size with 431${withJson}`, () => {
      expect(
        failing(({ request, outcome }) => request.requirement === "header-limit" && !refused(outcome, 431, "headers_too_large")),
      ).toEqual([]);
    });

    it(`answers a request line of garbage with 400${withJson}`, () => {
      expect(
        failing(({ request, outcome }) => request.requirement === "not-http" && !refused(outcome, 400, "invalid_request")),
      ).toEqual([]);
    });

    if (jsonFromServer) {
      it("answers with a JSON error whatever broken HTTP it refuses with a 4xx", () => {
        expect(
          failing(({ request, outcome }) => request.expect === "protocol-refusal" && outcome.kind === "answer" && outcome.status < 500 && !isJsonError(outcome)),
        ).toEqual([]);
      });
    }

    it("never answers with a 5xx (but 505 to broken HTTP)", () => {
      expect(
        failing(({ request, outcome }) => outcome.kind === "answer" && outcome.status >= 500 && !(request.expect === "protocol-refusal" && outcome.status === 505)),
      ).toEqual([]);
    });

    it("never shows a stack trace or an internal error message", () => {
      expect(failing(({ outcome }) => outcome.kind === "answer" && LEAKED_INTERNALS.test(outcome.body))).toEqual([]);
    });

    it("answers unknown routes with 404", () => {
      expect(failing(({ request, outcome }) => request.requirement === "unknown-route" && !(outcome.kind === "answer" && outcome.status === 404))).toEqual([]);
    });

    it("answers a wrong method on each known route with 405 and an Allow header", () => {
      expect(
        failing(({ request, outcome }) => request.allow !== undefined && !(outcome.kind === "answer" && outcome.status === 405 && (outcome.headers.allow ?? "").includes(request.allow))),
      ).toEqual([]);
    });

    it("refuses bodies over 1 MiB with 413", () => {
      expect(failing(({ request, outcome }) => request.requirement === "body-limit" && !(outcome.kind === "answer" && outcome.status === 413))).toEqual([]);
    });

    it("refuses wrong content types with a 4xx", () => {
      expect(failing(({ request, outcome }) => request.requirement === "content-type" && !(outcome.kind === "answer" && outcome.status >= 400 && outcome.status < 500))).toEqual([]);
    });

    it("leaves Object.prototype clean after __proto__ / constructor / prototype keys", () => {
      expect(POLLUTION_BODIES.length).toBeGreaterThan(0);
      expect(run().pollutionProbesAfter).toEqual(run().pollutionProbesBefore);
    });

    it(`ends stalled requests within ${STALL_LIMIT_MS / 1000} s, with 408 and the agent's JSON error where it answers`, () => {
      const timedOut = "408 request_timeout";
      const seen = run().stalled.map(({ name, outcome }) => [name, isRefusal(outcome, 408, "request_timeout") ? timedOut : describeOutcome(outcome)]);
      expect(Object.fromEntries(seen)).toEqual({
        "headers sent, body never": timedOut,
        "headers never finished": jsonFromServer ? timedOut : "closed",
      });
    });

    it("still answers /availability afterwards, from the same process", () => {
      expect(run().availabilityAfter).toBe(200);
      expect(run().aliveAfter).toBe(true);
    });

    it(`grows by less than ${ROUND_GROWTH_LIMIT_BYTES / 1024 / 1024} MiB of RSS over a second identical round`, () => {
      const [afterFirst, afterSecond] = run().rss as [number, number];
      const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
      expect(afterSecond - afterFirst, `RSS ${mib(afterFirst)} after round 1, ${mib(afterSecond)} after round 2`).toBeLessThan(
        ROUND_GROWTH_LIMIT_BYTES,
      );
    });
  });
}
