import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig as loadConfigOf } from "../../src/config.ts";
import { createLogger } from "../../src/log.ts";
import type { PaymentConfig } from "../../src/payment/masumi/index.ts";
import {
  createPaymentBody,
  PaymentServiceClient,
  type NewPayment,
  type PaymentSourceType,
} from "../../src/payment/masumi/payment-service.ts";
import {
  fundsOutcome,
  PAY_BY_GRACE_MS,
} from "../../src/payment/masumi/payment-watcher.ts";
import { registrationProblems } from "../../src/payment/masumi/registration.ts";
import { PaymentError, type PaymentInfo } from "../../src/payment/payment.ts";
import {
  startPaymentSimulator,
  type PaymentSimulator,
} from "../../src/payment-sim/index.ts";
import { PURCHASER } from "../helpers/agents.ts";
import {
  startJob,
  startServedAgent,
  type ServedAgent as TestAgent,
  type ServedAgentOptions,
} from "../helpers/served-agent.ts";
import { describeEachStore } from "../helpers/stores.ts";

const MINUTE = 60_000;
const TOKEN = "local-test-token";

/** Settings of a Masumi payment service, for the tests of the configuration. */
const testPaymentEnv: Record<string, string> = {
  PAYMENT_SERVICE_URL: "http://127.0.0.1:3001/api/v1",
  PAYMENT_API_KEY: TOKEN,
  AGENT_IDENTIFIER:
    "238f6d317a951b2ca11b9a2aec318589288b04e3ef7286f55cf70f1c84c670c7b40aaed3814c062f574d4a7241476e441102c0afb51e70a7398dc8ce",
  NETWORK: "Preprod",
};

const loadConfig = (env: Record<string, string>) =>
  loadConfigOf(env, { store: "memory", payment: "masumi" });

function paymentOf(env: Record<string, string>): PaymentConfig {
  const { payment } = loadConfig(env);
  if (payment.mode !== "masumi")
    throw new Error(`Read payment mode ${payment.mode}`);
  return payment;
}

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
      PAYMENT_SOURCE_TYPE: "V2",
      PAYMENT_SOURCE_INDEX: "25",
      PAY_BY_WINDOW_MS: "3600000",
      SUBMIT_RESULT_WINDOW_MS: "3700000",
    });
    expect(problems).toEqual([
      expect.stringMatching(/^AGENT_IDENTIFIER must be/),
      'PAYMENT_SOURCE_TYPE must be one of Web3CardanoV2, Web3CardanoV1, not "V2"',
      expect.stringMatching(/^PAYMENT_SERVICE_URL must be/),
      expect.stringMatching(/^NETWORK must be Preprod or Mainnet/),
      'PAYMENT_SOURCE_INDEX must be a whole number from 0 to 24, not "25"',
      expect.stringMatching(/^PAY_BY_WINDOW_MS must end at least 5 minutes/),
    ]);
    expect(problems.join("\n")).not.toContain("very-secret-key");
  });

  it("takes agent identifiers as the registry makes them: hex of even length, 58 or more", () => {
    const policyId = "ab".repeat(28);
    for (const good of [
      policyId + "00",
      policyId + "cd".repeat(32),
      policyId.toUpperCase() + "0A",
    ]) {
      expect(problemsOf({ ...testPaymentEnv, AGENT_IDENTIFIER: good })).toEqual(
        [],
      );
    }
    for (const bad of [
      policyId,
      policyId + "0",
      policyId + "0g",
      policyId + "000",
    ]) {
      expect(problemsOf({ ...testPaymentEnv, AGENT_IDENTIFIER: bad })).toEqual([
        expect.stringMatching(
          /^AGENT_IDENTIFIER must be .*hex of even length, at least 58/,
        ),
      ]);
    }
  });

  it("pays through Web3CardanoV2 source 0 unless told otherwise", () => {
    const env = {
      ...testPaymentEnv,
      PAYMENT_SOURCE_TYPE: "",
      PAYMENT_SOURCE_INDEX: "",
    };
    expect(paymentOf(env)).toMatchObject({
      paymentSourceType: "Web3CardanoV2",
      paymentSourceIndex: 0,
    });
    const other = { ...env, PAYMENT_SOURCE_INDEX: "3" };
    expect(paymentOf(other).paymentSourceIndex).toBe(3);
  });

  it("has no source index for Web3CardanoV1, and refuses one", () => {
    const v1 = {
      ...testPaymentEnv,
      PAYMENT_SOURCE_TYPE: "Web3CardanoV1",
      PAYMENT_SOURCE_INDEX: "",
    };
    expect(paymentOf(v1)).toMatchObject({
      paymentSourceType: "Web3CardanoV1",
      paymentSourceIndex: undefined,
    });
    expect(problemsOf({ ...v1, PAYMENT_SOURCE_INDEX: "0" })).toEqual([
      expect.stringMatching(
        /^PAYMENT_SOURCE_INDEX applies to Web3CardanoV2 only/,
      ),
    ]);
  });

  it("refuses a result time closer than the payment service allows", () => {
    expect(
      problemsOf({ ...testPaymentEnv, SUBMIT_RESULT_WINDOW_MS: "600000" }),
    ).toEqual([
      expect.stringMatching(
        /^SUBMIT_RESULT_WINDOW_MS must be a whole number from 960000/,
      ),
    ]);
  });

  it("has windows that satisfy the payment service's rules by default", () => {
    const payment = paymentOf(testPaymentEnv);
    expect(payment.submitResultWindowMs).toBeGreaterThanOrEqual(15 * MINUTE);
    expect(payment.payByWindowMs).toBeLessThanOrEqual(
      payment.submitResultWindowMs - 5 * MINUTE,
    );
  });
});

function newPayment(
  type: PaymentSourceType,
  index: number | undefined,
  agentIdentifier = testPaymentEnv.AGENT_IDENTIFIER!,
): NewPayment {
  const now = Date.now();
  return {
    agentIdentifier,
    identifierFromPurchaser: PURCHASER,
    inputHash: "ab".repeat(32),
    payByTime: new Date(now + 60 * MINUTE),
    submitResultTime: new Date(now + 120 * MINUTE),
    paymentSourceType: type,
    supportedPaymentSourceIndex: index,
  };
}

describe("the payment the agent asks for", () => {
  it("names the source type, and for Web3CardanoV2 the source index (0 too)", () => {
    const body = createPaymentBody("Preprod", newPayment("Web3CardanoV2", 0));
    expect(body).toMatchObject({
      paymentSourceType: "Web3CardanoV2",
      supportedPaymentSourceIndex: 0,
    });
  });

  it("never sends an index for Web3CardanoV1, which refuses one", () => {
    const body = createPaymentBody(
      "Preprod",
      newPayment("Web3CardanoV1", undefined),
    );
    expect(body).toMatchObject({ paymentSourceType: "Web3CardanoV1" });
    expect(Object.keys(body)).not.toContain("supportedPaymentSourceIndex");
  });

  it("sends the times as ISO dates, as the service wants them", () => {
    const payment = newPayment("Web3CardanoV2", 0);
    expect(createPaymentBody("Mainnet", payment)).toMatchObject({
      network: "Mainnet",
      payByTime: payment.payByTime.toISOString(),
      submitResultTime: payment.submitResultTime.toISOString(),
    });
  });
});

describe("what an on-chain state means for a job awaiting payment", () => {
  const payByTime = 1_000_000;

  it("runs on locked funds, even when they come late", () => {
    expect(
      fundsOutcome("FundsLocked", payByTime, payByTime + PAY_BY_GRACE_MS),
    ).toEqual({
      locked: true,
    });
  });

  it("waits 5 minutes past the pay-by time, as the service does, before giving up", () => {
    expect(PAY_BY_GRACE_MS).toBe(5 * MINUTE);
    expect(fundsOutcome(null, payByTime, payByTime + 1)).toBeUndefined();
    expect(
      fundsOutcome(null, payByTime, payByTime + PAY_BY_GRACE_MS),
    ).toBeUndefined();
    expect(
      fundsOutcome(null, payByTime, payByTime + PAY_BY_GRACE_MS + 1),
    ).toMatchObject({
      locked: false,
      reason: expect.stringContaining("pay-by time"),
    });
  });

  it("gives up at once when the service reports FundsOrDatumInvalid", () => {
    expect(fundsOutcome("FundsOrDatumInvalid", payByTime, 0)).toMatchObject({
      locked: false,
      reason: expect.stringContaining("FundsOrDatumInvalid"),
    });
  });

  it("gives up on refunds and disputes, saying why", () => {
    for (const state of ["RefundRequested", "Disputed"] as const) {
      const outcome = fundsOutcome(state, payByTime, 0);
      expect(outcome).toMatchObject({
        locked: false,
        reason: expect.stringContaining(state),
      });
    }
  });
});

describe("the payment source settings against the agent's registration", () => {
  const v2 = {
    network: "Preprod",
    paymentSourceType: "Web3CardanoV2",
    paymentSourceIndex: 0,
  } as const;
  const fixed = {
    chain: "Cardano",
    network: "Preprod",
    paymentSourceType: "Web3CardanoV2",
  };
  // As GET /registry/agent-identifier answers them: one V2 source, several, and a V1 entry.
  const oneSource = {
    Metadata: {
      supportedPaymentSources: [
        { ...fixed, pricing: { pricingType: "Fixed" } },
      ],
    },
  };
  const severalSources = {
    Metadata: {
      supportedPaymentSources: [
        { ...fixed, pricing: { pricingType: "Fixed" } },
        { ...fixed, pricing: { pricingType: "Dynamic" } },
        { ...fixed, pricing: { pricingType: "Free" } },
        { ...fixed, network: "Mainnet", pricing: { pricingType: "Fixed" } },
      ],
    },
  };
  const v1Entry = { Metadata: { supportedPaymentSources: null } };

  it("accepts a priced source of the agent's own type", () => {
    expect(registrationProblems(v2, oneSource)).toEqual([]);
    expect(registrationProblems(v2, severalSources)).toEqual([]);
    const v1 = {
      ...v2,
      paymentSourceType: "Web3CardanoV1",
      paymentSourceIndex: undefined,
    } as const;
    expect(registrationProblems(v1, v1Entry)).toEqual([]);
  });

  it("names the type the agent is registered with", () => {
    expect(registrationProblems(v2, v1Entry)).toEqual([
      expect.stringMatching(
        /registered through a Web3CardanoV1 .*set PAYMENT_SOURCE_TYPE=Web3CardanoV1$/,
      ),
    ]);
    const v1 = {
      ...v2,
      paymentSourceType: "Web3CardanoV1",
      paymentSourceIndex: undefined,
    } as const;
    expect(registrationProblems(v1, oneSource)).toEqual([
      expect.stringMatching(/set PAYMENT_SOURCE_TYPE=Web3CardanoV2$/),
    ]);
  });

  it("refuses an index the agent does not advertise, or one that cannot take a fixed payment", () => {
    const at = (paymentSourceIndex: number) => ({ ...v2, paymentSourceIndex });
    expect(registrationProblems(at(1), oneSource)).toEqual([
      "PAYMENT_SOURCE_INDEX 1 is not advertised by this agent: its registration lists 1 payment source(s), 0 to 0",
    ]);
    expect(registrationProblems(at(1), severalSources)).toEqual([
      expect.stringMatching(/^PAYMENT_SOURCE_INDEX 1 selects Dynamic pricing/),
    ]);
    expect(registrationProblems(at(2), severalSources)).toEqual([
      expect.stringMatching(/^PAYMENT_SOURCE_INDEX 2 selects Free pricing/),
    ]);
    expect(registrationProblems(at(3), severalSources)).toEqual([
      "PAYMENT_SOURCE_INDEX 3 selects a source on Mainnet, but NETWORK is Preprod",
    ]);
  });
});

/** The simulator's own control routes (see `masumi-agent payment-sim --help`). */
async function simulator(
  sim: PaymentSimulator,
  payment: string,
  action: "simulate",
  body: object,
  expected = [200],
) {
  const response = await fetch(
    `${sim.url}/admin/payments/${payment}/${action}`,
    {
      method: "POST",
      headers: { token: TOKEN, "content-type": "application/json" },
      body: JSON.stringify(body),
    },
  );
  expect(expected, await response.text()).toContain(response.status);
}

// Against the payment simulator (src/payment-sim), whose payments lock 20 ms after they are made,
// for a seller registered through either payment source type.
for (const sourceType of ["Web3CardanoV2", "Web3CardanoV1"] as const) {
  await describeEachStore(
    `against the payment service, ${sourceType}`,
    (store) => {
      const isV2 = sourceType === "Web3CardanoV2";
      let sim: PaymentSimulator;
      let config: PaymentConfig;
      let client: PaymentServiceClient;
      const logLines: string[] = [];
      let agent: TestAgent;
      const startTestAgent = (options: ServedAgentOptions = {}) =>
        startServedAgent({
          store,
          payment: "masumi",
          ...options,
          env: { ...sim.env, PAYMENT_POLL_INTERVAL_MS: "20", ...options.env },
        });

      beforeAll(async () => {
        sim = await startPaymentSimulator({
          token: TOKEN,
          sourceType,
          autoLockMs: 20,
        });
        config = paymentOf({ ...sim.env });
        client = new PaymentServiceClient({
          url: config.serviceUrl,
          apiKey: config.apiKey,
          network: config.network,
          paymentSourceType: config.paymentSourceType,
        });
        agent = await startTestAgent({
          log: createLogger({ write: (line) => logLines.push(line) }),
        });
      });

      afterAll(async () => {
        await agent?.stop();
        await sim?.close();
      });

      it("answers the payment's terms unchanged, times as integer milliseconds", async () => {
        const before = Date.now();
        const job = await startJob(agent, { text: "pay me" });
        expect(job).toMatchObject({
          status: "awaiting_payment",
          agentIdentifier: sim.env.AGENT_IDENTIFIER,
          identifierFromPurchaser: PURCHASER,
          sellerVKey: expect.stringMatching(/^[0-9a-f]{56}$/),
        });
        expect(job.payment_id).toBe(job.blockchainIdentifier);
        for (const time of [
          job.payByTime,
          job.submitResultTime,
          job.unlockTime,
        ]) {
          expect(Number.isInteger(time)).toBe(true);
        }
        expect(job.submitResultTime).toBeGreaterThanOrEqual(
          before + 15 * MINUTE,
        );
      });

      // The service refuses a V2 payment without the index and a V1 payment with one: that it took
      // the payment shows what was sent.
      it("answers the source type, and the index it sent for Web3CardanoV2 only", async () => {
        const job = await startJob(agent, { text: "which source" });
        expect(job.paymentSourceType).toBe(config.paymentSourceType);
        if (isV2)
          expect(job.supportedPaymentSourceIndex).toBe(
            config.paymentSourceIndex,
          );
        else
          expect(Object.keys(job)).not.toContain("supportedPaymentSourceIndex");
      });

      it("runs the job once the funds are locked", async () => {
        const job = await startJob(agent, { text: "pay me", task: ["upper"] });
        const done = await agent.waitForStatus(job.id, "completed");
        expect(done.result).toBe("PAY ME");
      });

      it("refuses a job, creating none, when the service refuses its payment", async () => {
        const wrongType = isV2 ? "Web3CardanoV1" : "Web3CardanoV2";
        const other = await startTestAgent({
          env: { PAYMENT_SOURCE_TYPE: wrongType, PAYMENT_SOURCE_INDEX: "" },
        }).catch((error: unknown) => error);
        // Where the service can say so, the start itself fails.
        if (other instanceof ConfigError) {
          expect(other.problems).toEqual([
            expect.stringMatching(/^PAYMENT_SOURCE_TYPE is /),
          ]);
          return;
        }
        const refused = await (other as TestAgent).post("/start_job", {
          identifier_from_purchaser: PURCHASER,
          input_data: { text: "wrong source" },
        });
        await (other as TestAgent).stop();
        expect(refused.status).toBe(400);
        expect(refused.body).toMatchObject({ error: "payment_rejected" });
      });

      it("adopts the payment the service already made when a create is repeated (409)", async () => {
        const terms = newPayment(
          config.paymentSourceType,
          config.paymentSourceIndex,
          sim.env.AGENT_IDENTIFIER,
        );
        const first = await client.createPayment(terms);
        const again = await client.createPayment(terms);
        expect(again.blockchainIdentifier).toBe(first.blockchainIdentifier);
        expect(again.id).toBe(first.id);
      });

      it("submits a result once, however often it is asked, along the submission's states", async () => {
        const job = await startJob(agent, { text: "submit me" });
        await agent.waitForStatus(job.id, "completed");
        const payment = job as PaymentInfo;
        const resultHash = (await agent.app.service.getJob(job.id)).resultHash!;
        const submit = (hash: string) =>
          agent.app.payment.submitResult(payment, hash);
        const passed: string[] = [];
        for (;;) {
          // In every state of the submission, asking again (also twice at once) counts as done.
          await Promise.all([submit(resultHash), submit(resultHash)]);
          const current = await client.resolvePayment(job.blockchainIdentifier);
          passed.push(
            current.onChainState === "ResultSubmitted"
              ? "ResultSubmitted"
              : current.NextAction.requestedAction,
          );
          if (current.onChainState === "ResultSubmitted") {
            expect(current.resultHash).toBe(resultHash);
            break;
          }
          // The chain's next step, unless the simulator took it meanwhile (409).
          const step =
            current.NextAction.requestedAction === "SubmitResultRequested"
              ? "submit-initiated"
              : "result-submitted";
          await simulator(
            sim,
            job.blockchainIdentifier,
            "simulate",
            { step },
            [200, 409],
          );
        }
        expect(passed.at(-1)).toBe("ResultSubmitted");
        // Another result is not this one: it is refused, saying why.
        const other = submit("0".repeat(64));
        await expect(other).rejects.toBeInstanceOf(PaymentError);
        await expect(other).rejects.toThrow(/ResultSubmitted/);
      });

      it("never logs the API key (the lines of every test above)", async () => {
        await startJob(agent, { text: "logged" });
        expect(logLines.length).toBeGreaterThan(0);
        expect(logLines.join("\n")).not.toContain(config.apiKey);
      });
    },
  );
}
