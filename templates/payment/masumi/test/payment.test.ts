import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.ts";
import { fundsOutcome } from "../src/payment/payment-watcher.ts";
import { testPaymentEnv } from "./payment-env.ts";
import { PURCHASER, startJob, startTestAgent, type TestAgent } from "./helpers.ts";
import { describeWithStore } from "./store-env.ts";

const MINUTE = 60_000;

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe("Masumi payment configuration", () => {
  it("names every missing setting, and never shows the API key", () => {
    const problems = problemsOf({ PAYMENT_API_KEY: "" });
    expect(problems).toEqual([
      expect.stringMatching(/^PAYMENT_SERVICE_URL is required/),
      expect.stringMatching(/^PAYMENT_API_KEY is required/),
      expect.stringMatching(/^AGENT_IDENTIFIER is required/),
      expect.stringMatching(/^NETWORK is required: Preprod or Mainnet/),
    ]);
  });

  it("refuses bad values, one line each", () => {
    const problems = problemsOf({
      ...testPaymentEnv,
      PAYMENT_SERVICE_URL: "localhost:3001",
      PAYMENT_API_KEY: "very-secret-key",
      AGENT_IDENTIFIER: "my-agent",
      NETWORK: "preprod",
      PAY_BY_WINDOW_MS: "3600000",
      SUBMIT_RESULT_WINDOW_MS: "3700000",
    });
    expect(problems).toEqual([
      expect.stringMatching(/^AGENT_IDENTIFIER must be/),
      expect.stringMatching(/^PAYMENT_SERVICE_URL must be/),
      expect.stringMatching(/^NETWORK must be Preprod or Mainnet/),
      expect.stringMatching(/^PAY_BY_WINDOW_MS must end at least 5 minutes/),
    ]);
    expect(problems.join("\n")).not.toContain("very-secret-key");
  });

  it("refuses a result time closer than the payment service allows", () => {
    expect(problemsOf({ ...testPaymentEnv, SUBMIT_RESULT_WINDOW_MS: "600000" })).toEqual([
      expect.stringMatching(/^SUBMIT_RESULT_WINDOW_MS must be a whole number from 960000/),
    ]);
  });

  it("has windows that satisfy the payment service's rules by default", () => {
    const { payment } = loadConfig(testPaymentEnv);
    expect(payment.submitResultWindowMs).toBeGreaterThanOrEqual(15 * MINUTE);
    expect(payment.payByWindowMs).toBeLessThanOrEqual(payment.submitResultWindowMs - 5 * MINUTE);
  });
});

describe("what an on-chain state means for a job awaiting payment", () => {
  const payByTime = 1_000_000;

  it("runs on locked funds and keeps waiting until the pay-by time", () => {
    expect(fundsOutcome("FundsLocked", payByTime, payByTime + 1)).toEqual({ locked: true });
    expect(fundsOutcome(null, payByTime, payByTime)).toBeUndefined();
    expect(fundsOutcome(null, payByTime, payByTime + 1)).toMatchObject({ locked: false });
  });

  it("gives up on invalid funds, refunds and disputes, saying why", () => {
    for (const state of ["FundsOrDatumInvalid", "RefundRequested", "Disputed"] as const) {
      const outcome = fundsOutcome(state, payByTime, 0);
      expect(outcome).toMatchObject({ locked: false, reason: expect.stringContaining(state) });
    }
  });
});

describeWithStore("against the payment service", () => {
  let agent: TestAgent;

  beforeAll(async () => {
    agent = await startTestAgent();
  });

  afterAll(async () => {
    await agent.stop();
  });

  it("answers the payment's terms unchanged, times as integer milliseconds", async () => {
    const before = Date.now();
    const job = await startJob(agent, { text: "pay me" });
    expect(job).toMatchObject({
      status: "awaiting_payment",
      agentIdentifier: testPaymentEnv.AGENT_IDENTIFIER,
      identifierFromPurchaser: PURCHASER,
      sellerVKey: expect.stringMatching(/^[0-9a-f]{56}$/),
    });
    expect(job.payment_id).toBe(job.blockchainIdentifier);
    for (const time of [job.payByTime, job.submitResultTime, job.unlockTime]) {
      expect(Number.isInteger(time)).toBe(true);
    }
    expect(job.submitResultTime).toBeGreaterThanOrEqual(before + 15 * MINUTE);
  });

  it("runs the job once the funds are locked", async () => {
    const job = await startJob(agent, { text: "pay me", task: ["title case"] });
    const done = await agent.waitForStatus(job.id, "completed");
    expect(done.result).toBe("Pay Me");
  });
});
