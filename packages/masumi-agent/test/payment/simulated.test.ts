import { afterAll, beforeAll, expect, it } from "vitest";
import { ConfigError, loadConfig as loadConfigOf } from "../../src/config.ts";
import { resultHash } from "../../src/jobs/hash.ts";
import { SimulatedPayment, SUBMITTED_RESULTS_KEPT } from "../../src/payment/simulated/simulated.ts";
import { PURCHASER } from "../helpers/agents.ts";
import {
  startJob,
  startServedAgent,
  type ServedAgent,
} from "../helpers/served-agent.ts";
import { describeEachStore } from "../helpers/stores.ts";

const MINUTE = 60_000;

const loadConfig = (env: Record<string, string>) =>
  loadConfigOf(env, { store: "memory", payment: "simulated" });

await describeEachStore("simulated payments", (store) => {
  let agent: ServedAgent;

  beforeAll(async () => {
    agent = await startServedAgent({ store, payment: "simulated" });
  });

  afterAll(async () => {
    await agent.stop();
  });

  it("answers every paid field of /start_job, with realistic times", async () => {
    const before = Date.now();
    const job = await startJob(agent, { text: "pay me" });
    expect(job.status).toBe("awaiting_payment");
    expect(job.blockchainIdentifier).toMatch(/^[0-9a-f]{64,}$/);
    expect(job.payment_id).toBe(job.blockchainIdentifier);
    expect(job.agentIdentifier).toMatch(/^[0-9a-f]{57,}$/);
    expect(job.sellerVKey).toMatch(/^[0-9a-f]{56}$/);
    expect(job.identifierFromPurchaser).toBe(PURCHASER);

    const times = [
      job.payByTime,
      job.submitResultTime,
      job.unlockTime,
      job.externalDisputeUnlockTime,
    ];
    for (const time of times) expect(Number.isInteger(time)).toBe(true);
    // The Masumi payment service's rules, in milliseconds.
    expect(job.payByTime).toBeGreaterThan(before);
    expect(job.submitResultTime).toBeGreaterThanOrEqual(before + 15 * MINUTE);
    expect(job.payByTime).toBeLessThanOrEqual(
      job.submitResultTime - 5 * MINUTE,
    );
    expect(job.unlockTime).toBeGreaterThan(job.submitResultTime);
    expect(job.externalDisputeUnlockTime).toBeGreaterThan(job.unlockTime);
  });

  it("runs the job once the payment counts as locked, then submits the result hash", async () => {
    const job = await startJob(agent, { text: "pay me", task: ["upper"] });
    // The payment locks after 20 ms in tests, so only the start's answer reliably shows the wait.
    expect(job.status).toBe("awaiting_payment");
    const done = await agent.waitForStatus(job.id, "completed");
    expect(done.result).toBe("PAY ME");

    const payment = agent.app.payment as SimulatedPayment;
    await expect
      .poll(() => payment.submittedResults.get(job.blockchainIdentifier))
      .toBe(resultHash(PURCHASER, "PAY ME"));
  });

  it("requires identifier_from_purchaser as hex of even length, 14 to 26 characters", async () => {
    // Missing, empty, too short, not hex, of odd length, too long, not a string.
    const refused = [
      undefined,
      "",
      "a1b2",
      "zz".repeat(8),
      "a".repeat(15),
      "a".repeat(28),
      1234,
    ];
    for (const identifier of refused) {
      const { status, body } = await agent.post("/start_job", {
        identifier_from_purchaser: identifier,
        input_data: { text: "x" },
      });
      expect(status).toBe(400);
      expect(body.error).toBe("invalid_identifier");
      expect(body.message).toContain(
        "a hex string of even length, 14 to 26 characters",
      );
    }
  });

  it("reads SIMULATED_PAYMENT_DELAY_MS", () => {
    expect(loadConfig({}).payment).toMatchObject({ delayMs: 1000 });
    expect(
      loadConfig({ SIMULATED_PAYMENT_DELAY_MS: "0" }).payment,
    ).toMatchObject({ delayMs: 0 });
    expect(() => loadConfig({ SIMULATED_PAYMENT_DELAY_MS: "soon" })).toThrow(
      ConfigError,
    );
  });
});

it("keeps the last result hashes submitted, not one per job it ever did", async () => {
  const payment = new SimulatedPayment({ delayMs: 0, publicKey: "00".repeat(32), agentIdentifier: undefined });
  const payments = await Promise.all(Array.from({ length: SUBMITTED_RESULTS_KEPT + 1 }, () => payment.createPayment()));
  for (const [index, info] of payments.entries()) await payment.submitResult(info, `hash-${index}`);
  expect(payment.submittedResults.size).toBe(SUBMITTED_RESULTS_KEPT);
  expect(payment.submittedResults.has(payments[0]!.blockchainIdentifier)).toBe(false);
  expect(payment.submittedResults.get(payments.at(-1)!.blockchainIdentifier)).toBe(`hash-${SUBMITTED_RESULTS_KEPT}`);
});
