/**
 * Replays one recorded file against a running simulator, in order: runs the hand-written chain
 * steps, sends each request as it was sent (its recorded ids translated to the simulator's), and
 * compares status, message, Allow header and body shape with the recording.
 */
import { request as httpRequest } from "node:http";
import type { PaymentSimulator } from "../../../packages/masumi-agent/src/payment-sim/index.js";
import type { ChainStep } from "./chain-steps.js";
import { compareBodies, translate, type Bindings } from "./compare.js";
import type { RecordedExchange } from "./recording.js";
import { TOKENS } from "./recorded-seed.js";

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

/** node:http rather than fetch: the recording sends bodies on GET requests too. */
function send(baseUrl: string, exchange: RecordedExchange, bindings: Bindings): Promise<Answer> {
  const { request } = exchange;
  const headers: Record<string, string> = {};
  let body: string | undefined;
  if (request.body !== null) {
    body = request.bodyIsRaw
      ? translate(request.body as string, bindings)
      : JSON.stringify(translate(request.body, bindings));
    headers["content-type"] = "application/json";
    headers["content-length"] = String(Buffer.byteLength(body));
  }
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    headers[name.toLowerCase()] = value.replace("<admin token>", TOKENS.admin);
  }
  if (request.auth !== "none") headers.token = TOKENS[request.auth];
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      baseUrl + translate(request.path, bindings),
      { method: request.method, headers },
      (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (text += chunk));
        response.on("end", () => {
          try {
            resolve({
              status: response.statusCode ?? 0,
              headers: response.headers,
              body: text === "" ? undefined : JSON.parse(text),
            });
          } catch (error) {
            reject(error as Error);
          }
        });
      },
    );
    outgoing.on("error", reject);
    outgoing.end(body);
  });
}

/** Every difference between the recorded answer and the simulator's; none means it matches. */
export function differences(exchange: RecordedExchange, answer: Answer, bindings: Bindings): string[] {
  const recorded = exchange.response;
  const found: string[] = [];
  if (answer.status !== recorded.status) found.push(`status: expected ${recorded.status}, got ${answer.status}`);
  const allow = recorded.headers?.Allow;
  if (allow !== undefined && answer.headers.allow !== allow) {
    found.push(`Allow header: expected ${allow}, got ${String(answer.headers.allow)}`);
  }
  return [...found, ...compareBodies(recorded.body, answer.body, bindings)];
}

/** The latest timestamp the recorded answer shows: the request cannot have been earlier. */
function latestRecordedTime(value: unknown): number {
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(value)) return Date.parse(value);
  if (value !== null && typeof value === "object") {
    return Math.max(0, ...Object.values(value).map(latestRecordedTime));
  }
  return 0;
}

export interface ReplayClock {
  now: number;
}

export interface LineResult {
  line: number;
  name: string;
  differences: string[];
}

export async function replayFile(
  simulator: PaymentSimulator,
  clock: ReplayClock,
  exchanges: RecordedExchange[],
  steps: ChainStep[],
  bindings: Bindings,
): Promise<LineResult[]> {
  /** What each line created: a payment's blockchain identifier or a registration's id. */
  const created = new Map<number, string>();
  const results: LineResult[] = [];
  for (const exchange of exchanges) {
    clock.now = Math.max(clock.now, latestRecordedTime(exchange.response.body));
    const stepErrors: string[] = [];
    for (const step of steps.filter((entry) => entry.beforeLine === exchange.line)) {
      const made = created.get(step.ofLine);
      try {
        if (!made) throw new Error(`line ${step.ofLine} made nothing`);
        if (step.kind === "payment") simulator.simulate(made, step.step);
        else simulator.simulateRegistration(made, step.step, step.agentIdentifier);
      } catch (error) {
        stepErrors.push(`chain step ${step.step} failed: ${(error as Error).message}`);
      }
    }
    const answer = await send(simulator.url, exchange, bindings);
    const data = (answer.body as { data?: { blockchainIdentifier?: string; id?: string } } | undefined)?.data;
    if (exchange.request.method === "POST" && answer.status === 200) {
      if (exchange.request.path === "/api/v1/payment" && data?.blockchainIdentifier) {
        created.set(exchange.line, data.blockchainIdentifier);
      }
      if (exchange.request.path === "/api/v1/registry" && data?.id) created.set(exchange.line, data.id);
    }
    results.push({
      line: exchange.line,
      name: exchange.name,
      differences: [...stepErrors, ...differences(exchange, answer, bindings)],
    });
  }
  return results;
}
