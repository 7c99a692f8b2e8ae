import { describe, expect, it } from "vitest";
import { MINUTE, TOKEN, call, paymentBody, startSim } from "./helpers.js";

const HOUR = 60 * MINUTE;

describe("POST /api/v1/payment", () => {
  it("answers {status: success, data: Payment} with millisecond-string times and the seller's wallet", async () => {
    const sim = await startSim();
    const body = paymentBody();
    const { status, body: answer } = await call(sim, "POST", "/api/v1/payment", { body });

    expect(status).toBe(200);
    expect(answer.status).toBe("success");
    const payment = answer.data;
    const submitResultTime = new Date(body.submitResultTime as string).getTime();
    expect(payment).toMatchObject({
      agentIdentifier: body.agentIdentifier,
      inputHash: body.inputHash,
      payByTime: String(new Date(body.payByTime as string).getTime()),
      submitResultTime: String(submitResultTime),
      unlockTime: String(submitResultTime + 6 * HOUR),
      externalDisputeUnlockTime: String(submitResultTime + 12 * HOUR),
      resultHash: "",
      onChainState: null,
      NextAction: { requestedAction: "WaitingForExternalAction", errorType: null, errorNote: null, resultHash: null },
      RequestedFunds: [{ amount: "10000000", unit: "" }],
      CurrentTransaction: null,
      BuyerWallet: null,
      PaymentSource: { network: "Preprod", paymentSourceType: "Web3CardanoV2" },
      agentName: "Simulated Agent",
      pricingType: "Fixed",
      requestedById: expect.stringMatching(/^c[0-9a-z]{20,}$/),
      metadata: null,
    });
    expect(payment.id).toMatch(/^c[0-9a-z]{20,}$/);
    expect(payment.blockchainIdentifier).toMatch(/^[0-9a-f]{200,}$/);
    expect(payment.SmartContractWallet.walletVkey).toMatch(/^[0-9a-f]{56}$/);
    expect(payment.SmartContractWallet.walletAddress).toMatch(/^addr_test1q[a-z0-9]{98}$/);
    // The create answer's schema has no history fields.
    expect(payment).not.toHaveProperty("TransactionHistory");
    expect(payment).not.toHaveProperty("ActionHistory");
    expect(sim.payments().map((entry) => entry.id)).toEqual([payment.id]);
  });

  it("keeps explicit unlock times and metadata, and gives Mainnet payments a mainnet wallet", async () => {
    const sim = await startSim();
    const now = Date.now();
    const unlockTime = new Date(now + 2 * HOUR).toISOString();
    const externalDisputeUnlockTime = new Date(now + 3 * HOUR).toISOString();
    const { status, body } = await call(sim, "POST", "/api/v1/payment", {
      body: paymentBody({ network: "Mainnet", unlockTime, externalDisputeUnlockTime, metadata: "order 7" }),
    });
    expect(status).toBe(200);
    expect(body.data.unlockTime).toBe(String(new Date(unlockTime).getTime()));
    expect(body.data.externalDisputeUnlockTime).toBe(String(new Date(externalDisputeUnlockTime).getTime()));
    expect(body.data.metadata).toBe("order 7");
    expect(body.data.PaymentSource.network).toBe("Mainnet");
    expect(body.data.SmartContractWallet.walletAddress).toMatch(/^addr1q/);
  });

  it("plays the agent it is given: its identifier in the env, its policy id on the payment source", async () => {
    const agentIdentifier = "5e".repeat(28) + "6167656e74";
    const sim = await startSim({ agentIdentifier });
    expect(sim.env).toEqual({
      PAYMENT_SERVICE_URL: `${sim.url}/api/v1`,
      PAYMENT_API_KEY: TOKEN,
      AGENT_IDENTIFIER: agentIdentifier,
      NETWORK: "Preprod",
      PAYMENT_SOURCE_TYPE: "Web3CardanoV2",
      PAYMENT_SOURCE_INDEX: "0",
    });
    const { body } = await call(sim, "POST", "/api/v1/payment", { body: paymentBody({ agentIdentifier }) });
    expect(body.data.agentIdentifier).toBe(agentIdentifier);
    expect(body.data.PaymentSource.policyId).toBe("5e".repeat(28));
  });

  it("accepts the boundaries: a 57-character agent identifier, 14 and 26 hex purchaser identifiers", async () => {
    const shortest = "f".repeat(57);
    const sim = await startSim({ agentIdentifier: shortest });
    for (const overrides of [
      { agentIdentifier: shortest },
      { agentIdentifier: shortest, identifierFromPurchaser: "ab".repeat(7) },
      { agentIdentifier: shortest, identifierFromPurchaser: "AB".repeat(13) },
    ]) {
      const { status } = await call(sim, "POST", "/api/v1/payment", { body: paymentBody(overrides) });
      expect(status, JSON.stringify(overrides)).toBe(200);
    }
  });

  const now = Date.now();
  const at = (offsetMs: number) => new Date(now + offsetMs).toISOString();
  it.each([
    ["an unknown network", { network: "Preview" }, 'network: Invalid option: expected one of "Preprod"|"Mainnet"'],
    [
      "a short agent identifier",
      { agentIdentifier: "f".repeat(56) },
      "agentIdentifier: Too small: expected string to have >=57 characters",
    ],
    ["no input hash", { inputHash: undefined }, "inputHash: Invalid input: expected string, received undefined"],
    ["a numeric input hash", { inputHash: 12 }, "inputHash: Invalid input: expected string, received number"],
    [
      "a short purchaser identifier",
      { identifierFromPurchaser: "ab".repeat(6) + "a" },
      "identifierFromPurchaser: Too small: expected string to have >=14 characters",
    ],
    [
      "a long purchaser identifier",
      { identifierFromPurchaser: "ab".repeat(13) + "a" },
      "identifierFromPurchaser: Too big: expected string to have <=26 characters",
    ],
    [
      "a purchaser identifier that is not hex",
      { identifierFromPurchaser: "purchaser-00001" },
      "Purchaser identifier is not a valid hex string",
    ],
    [
      "a purchaser identifier of odd length",
      { identifierFromPurchaser: "abcdefabcdefabc" },
      "Purchaser identifier is not a valid hex string",
    ],
    ["an input hash that is not hex", { inputHash: "not-a-sha256" }, "Input hash is not a valid hex string"],
    ["a payByTime in milliseconds", { payByTime: now + 10 * MINUTE }, "payByTime: Invalid input"],
    ["a submitResultTime that is not a date", { submitResultTime: "tomorrow" }, "submitResultTime: Invalid input"],
    [
      "payByTime less than 5 min before submitResultTime",
      { payByTime: at(27 * MINUTE) },
      "Pay by time must be before submit result time (min. 5 minutes)",
    ],
    ["a payByTime long past", { payByTime: at(-10 * MINUTE) }, "Pay by time must be in the future (max. 5 minutes)"],
    [
      "a submitResultTime less than 15 min ahead",
      { payByTime: at(4 * MINUTE), submitResultTime: at(10 * MINUTE) },
      "Submit result time must be in the future (min. 15 minutes)",
    ],
    [
      "an unlockTime too close to submitResultTime",
      { unlockTime: at(40 * MINUTE) },
      "Submit result time must be before unlock time with at least 15 minutes difference",
    ],
    [
      "an external dispute unlock too close to unlockTime",
      { unlockTime: at(2 * HOUR), externalDisputeUnlockTime: at(2 * HOUR + 5 * MINUTE) },
      "External dispute unlock time must be after unlock time (min. 15 minutes difference)",
    ],
    [
      "RequestedFunds for the fixed-price agent",
      { RequestedFunds: [{ amount: "5000000", unit: "" }] },
      "For fixed pricing, RequestedFunds must be null",
    ],
    [
      "a RequestedFunds entry without unit",
      { RequestedFunds: [{ amount: "5" }] },
      "RequestedFunds[0].unit: Invalid input: expected string, received undefined",
    ],
    // Without times both default to the same instant in 1970, as in the real schema.
    [
      "no times at all",
      { payByTime: undefined, submitResultTime: undefined },
      "Pay by time must be before submit result time (min. 5 minutes)",
    ],
  ])("rejects %s with 400 and the real message", async (_name, overrides, message) => {
    const sim = await startSim();
    const { status, body } = await call(sim, "POST", "/api/v1/payment", { body: paymentBody(overrides) });
    expect(status).toBe(400);
    expect(body).toEqual({ status: "error", error: { message } });
    expect(sim.payments()).toEqual([]);
  });

  it("reports every schema issue of a body at once, in field order", async () => {
    const sim = await startSim();
    const { status, body } = await call(sim, "POST", "/api/v1/payment", {
      body: { network: "preprod", payByTime: "x" },
    });
    expect(status).toBe(400);
    expect(body.error.message).toBe(
      [
        "inputHash: Invalid input: expected string, received undefined",
        'network: Invalid option: expected one of "Preprod"|"Mainnet"',
        "agentIdentifier: Invalid input: expected string, received undefined",
        "payByTime: Invalid input",
        "identifierFromPurchaser: Invalid input: expected string, received undefined",
      ].join("; "),
    );
  });

  it("answers 400 to a body that is not JSON", async () => {
    const sim = await startSim();
    const response = await fetch(`${sim.apiUrl}/payment`, {
      method: "POST",
      headers: { token: TOKEN, "content-type": "application/json" },
      body: "{not json",
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { status: string; error: { message: string } };
    expect(body.status).toBe("error");
    expect(body.error.message).toMatch(/JSON/);
  });
});
