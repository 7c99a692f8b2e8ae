import { afterEach } from "vitest";
import {
  DEFAULT_AGENT_IDENTIFIER,
  startPaymentSimulator,
  type PaymentSimulator,
  type PaymentSimulatorOptions,
} from "../../packages/masumi-agent/src/payment-sim/index.js";

export const TOKEN = "sim-test-token-4f1c2a";
export const MINUTE = 60_000;
export const HASH_A = "a".repeat(64);

const running: PaymentSimulator[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((simulator) => simulator.close()));
});

/** A simulator on a free port, closed after the test. */
export async function startSim(options: Partial<PaymentSimulatorOptions> = {}): Promise<PaymentSimulator> {
  const simulator = await startPaymentSimulator({ token: TOKEN, ...options });
  running.push(simulator);
  return simulator;
}

export interface Answer {
  status: number;
  /** Read loosely: the tests assert on exact values. */
  body: any;
  headers: Headers;
}

/** One HTTP call to the simulator, with the right token unless `token` says otherwise (null: none). */
export async function call(
  simulator: PaymentSimulator,
  method: string,
  path: string,
  options: { body?: unknown; token?: string | null } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  const token = options.token === undefined ? TOKEN : options.token;
  if (token !== null) headers.token = token;
  const response = await fetch(simulator.url + path, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  return { status: response.status, body: text === "" ? undefined : JSON.parse(text), headers: response.headers };
}

/**
 * A create-payment body the real service accepts for the default (V2) seller: its agent, its
 * payment option 0, pay within 10 min, result within 30 min.
 */
export function paymentBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Date.now();
  return {
    network: "Preprod",
    agentIdentifier: DEFAULT_AGENT_IDENTIFIER,
    inputHash: "13a480f7d82a58f904c51b93f7c43eef3c1a7284a496535f93f8cc434d065264",
    identifierFromPurchaser: "a1b2c3d4e5f60718",
    payByTime: new Date(now + 10 * MINUTE).toISOString(),
    submitResultTime: new Date(now + 30 * MINUTE).toISOString(),
    supportedPaymentSourceIndex: 0,
    ...overrides,
  };
}

/** Creates a payment through the API and returns its data. */
export async function createPayment(
  simulator: PaymentSimulator,
  overrides: Record<string, unknown> = {},
): Promise<any> {
  const answer = await call(simulator, "POST", "/api/v1/payment", { body: paymentBody(overrides) });
  if (answer.status !== 200) throw new Error(`create payment failed: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body.data;
}

/** Polls until `check` returns true, or fails after `timeoutMs`. */
export async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
