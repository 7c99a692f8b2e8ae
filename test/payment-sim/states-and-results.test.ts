import { describe, expect, it } from "vitest";
import type { OnChainState, PaymentSimulator } from "../../packages/masumi-agent/src/payment-sim/index.js";
import { HASH_A, call, createPayment, startSim, waitUntil } from "./helpers.js";

function setStateByAdmin(sim: PaymentSimulator, reference: string, onChainState: unknown) {
  return call(sim, "POST", `/admin/payments/${encodeURIComponent(reference)}/state`, { body: { onChainState } });
}

function submitResult(
  sim: PaymentSimulator,
  blockchainIdentifier: string,
  submitResultHash: string,
  network = "Preprod",
) {
  return call(sim, "POST", "/api/v1/payment/submit-result", {
    body: { network, blockchainIdentifier, submitResultHash },
  });
}

function onChainStateOf(sim: PaymentSimulator, id: string): OnChainState | null | undefined {
  return sim.payments().find((payment) => payment.id === id)?.onChainState;
}

describe("the admin state route", () => {
  it("marks a payment as paid: FundsLocked, with a confirmed transaction and a buyer wallet", async () => {
    const sim = await startSim();
    const payment = await createPayment(sim);
    const { status, body } = await setStateByAdmin(sim, payment.id, "FundsLocked");
    expect(status).toBe(200);
    expect(body.data.onChainState).toBe("FundsLocked");
    expect(body.data.CurrentTransaction).toMatchObject({ newOnChainState: "FundsLocked", status: "Confirmed" });
    expect(body.data.CurrentTransaction.txHash).toMatch(/^[0-9a-f]{64}$/);
    expect(body.data.BuyerWallet.walletVkey).toMatch(/^[0-9a-f]{56}$/);

    const resolved = await call(sim, "POST", "/api/v1/payment/resolve-blockchain-identifier", {
      body: { network: "Preprod", blockchainIdentifier: payment.blockchainIdentifier },
    });
    expect(resolved.body.data.onChainState).toBe("FundsLocked");
  });

  it("takes the blockchain identifier as well as the id, and marks invalid, refund-requested and disputed", async () => {
    const sim = await startSim();
    const invalid = await createPayment(sim);
    expect(
      (await setStateByAdmin(sim, invalid.blockchainIdentifier, "FundsOrDatumInvalid")).body.data.onChainState,
    ).toBe("FundsOrDatumInvalid");
    const refunded = await createPayment(sim);
    await setStateByAdmin(sim, refunded.id, "FundsLocked");
    expect((await setStateByAdmin(sim, refunded.id, "RefundRequested")).body.data.onChainState).toBe("RefundRequested");
    expect((await setStateByAdmin(sim, refunded.id, "Disputed")).body.data.onChainState).toBe("Disputed");
  });

  it("refuses a move the payment contract does not allow with 409", async () => {
    const sim = await startSim();
    const payment = await createPayment(sim);
    const { status, body } = await setStateByAdmin(sim, payment.id, "Disputed");
    expect(status).toBe(409);
    expect(body.error.message).toBe(
      "Cannot move payment from null to Disputed (allowed: FundsLocked, FundsOrDatumInvalid)",
    );
    await setStateByAdmin(sim, payment.id, "FundsOrDatumInvalid");
    const final = await setStateByAdmin(sim, payment.id, "FundsLocked");
    expect(final.body.error.message).toBe(
      "Cannot move payment from FundsOrDatumInvalid to FundsLocked (allowed: none, the state is final)",
    );
    expect(onChainStateOf(sim, payment.id)).toBe("FundsOrDatumInvalid");
  });

  it("answers 404 for an unknown payment and 400 for an unknown state", async () => {
    const sim = await startSim();
    const payment = await createPayment(sim);
    const unknown = await setStateByAdmin(sim, "cnosuchpayment", "FundsLocked");
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe("Payment not found");
    const badState = await setStateByAdmin(sim, payment.id, "Paid");
    expect(badState.status).toBe(400);
    expect(badState.body.error.message).toMatch(
      /^onChainState: Invalid option: expected one of "FundsLocked"\|"FundsOrDatumInvalid"\|/,
    );
  });

  it("is also there programmatically: setState, which throws on a refused move or an unknown payment", async () => {
    const sim = await startSim();
    const payment = await createPayment(sim);
    expect(sim.setState(payment.blockchainIdentifier, "FundsLocked").onChainState).toBe("FundsLocked");
    expect(() => sim.setState(payment.id, "Withdrawn")).toThrow("Cannot move payment from FundsLocked to Withdrawn");
    expect(() => sim.setState("cnosuchpayment", "FundsLocked")).toThrow("No payment with id or blockchain identifier");
  });
});

describe("auto-lock", () => {
  it("moves new payments to FundsLocked after the delay", async () => {
    const sim = await startSim({ autoLockMs: 150 });
    const payment = await createPayment(sim);
    expect(payment.onChainState).toBeNull();
    expect(onChainStateOf(sim, payment.id)).toBeNull();
    await waitUntil(() => onChainStateOf(sim, payment.id) === "FundsLocked");
  });

  it("leaves a payment alone whose state was set meanwhile", async () => {
    const sim = await startSim({ autoLockMs: 100 });
    const payment = await createPayment(sim);
    sim.setState(payment.id, "FundsOrDatumInvalid");
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(onChainStateOf(sim, payment.id)).toBe("FundsOrDatumInvalid");
  });

  it("is off unless asked for", async () => {
    const sim = await startSim();
    const payment = await createPayment(sim);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(onChainStateOf(sim, payment.id)).toBeNull();
  });
});

/** How to bring a fresh payment into each state, by the moves the contract allows. */
const PATHS: Record<string, OnChainState[]> = {
  null: [],
  FundsLocked: ["FundsLocked"],
  RefundRequested: ["FundsLocked", "RefundRequested"],
  Disputed: ["FundsLocked", "RefundRequested", "Disputed"],
  FundsOrDatumInvalid: ["FundsOrDatumInvalid"],
  ResultSubmitted: ["FundsLocked", "ResultSubmitted"],
  WithdrawAuthorized: ["FundsLocked", "ResultSubmitted", "WithdrawAuthorized"],
  Withdrawn: ["FundsLocked", "ResultSubmitted", "Withdrawn"],
  RefundAuthorized: ["FundsLocked", "RefundRequested", "RefundAuthorized"],
  RefundWithdrawn: ["FundsLocked", "RefundRequested", "RefundWithdrawn"],
  DisputedWithdrawn: ["FundsLocked", "RefundRequested", "Disputed", "DisputedWithdrawn"],
};

async function paymentIn(sim: PaymentSimulator, state: string) {
  const payment = await createPayment(sim);
  for (const step of PATHS[state] ?? []) sim.setState(payment.id, step);
  return payment;
}

describe("POST /api/v1/payment/submit-result", () => {
  it.each([
    ["FundsLocked", "ResultSubmitted"],
    ["RefundRequested", "Disputed"],
    ["Disputed", "Disputed"],
  ])("is accepted while %s, and once on chain the payment is %s with the result hash", async (state, after) => {
    const sim = await startSim();
    const payment = await paymentIn(sim, state);
    const { status, body } = await submitResult(sim, payment.blockchainIdentifier, HASH_A);
    expect(status).toBe(200);
    expect(body.status).toBe("success");
    expect(body.data.onChainState).toBe(state);
    expect(body.data.NextAction).toEqual({
      requestedAction: "SubmitResultRequested",
      errorType: null,
      errorNote: null,
      resultHash: HASH_A,
    });
    expect(sim.submittedResults()).toEqual([
      {
        blockchainIdentifier: payment.blockchainIdentifier,
        network: "Preprod",
        resultHash: HASH_A,
        at: expect.any(String),
      },
    ]);
    await waitUntil(() => sim.payments()[0]?.resultHash === HASH_A);
    expect(sim.payments()[0]).toMatchObject({
      onChainState: after,
      NextAction: { requestedAction: "WaitingForExternalAction", resultHash: null },
    });
  });

  it.each([
    "null",
    "FundsOrDatumInvalid",
    "ResultSubmitted",
    "WithdrawAuthorized",
    "Withdrawn",
    "RefundAuthorized",
    "RefundWithdrawn",
    "DisputedWithdrawn",
  ])("is refused while %s with 404 'Payment not found or in invalid state'", async (state) => {
    const sim = await startSim();
    const payment = await paymentIn(sim, state);
    const { status, body } = await submitResult(sim, payment.blockchainIdentifier, HASH_A);
    expect(status).toBe(404);
    expect(body).toEqual({ status: "error", error: { message: "Payment not found or in invalid state" } });
    expect(sim.submittedResults()).toEqual([]);
  });

  it("is refused for an unknown payment, another network, and while a result is still being submitted", async () => {
    const sim = await startSim({ resultConfirmMs: 60_000 });
    const payment = await paymentIn(sim, "FundsLocked");
    expect((await submitResult(sim, "00ff", HASH_A)).status).toBe(404);
    expect((await submitResult(sim, payment.blockchainIdentifier, HASH_A, "Mainnet")).status).toBe(404);
    expect((await submitResult(sim, payment.blockchainIdentifier, HASH_A)).status).toBe(200);
    const again = await submitResult(sim, payment.blockchainIdentifier, "b".repeat(64));
    expect(again.status).toBe(404);
    expect(sim.submittedResults().map((result) => result.resultHash)).toEqual([HASH_A]);
    expect(onChainStateOf(sim, payment.id)).toBe("FundsLocked");
  });

  it.each([
    [
      "63 hex digits",
      "a".repeat(63),
      "submitResultHash: Too small: expected string to have >=64 characters; submitResultHash: submitResultHash must be a 64-char hex sha256 digest",
    ],
    [
      "65 hex digits",
      "a".repeat(65),
      "submitResultHash: Too big: expected string to have <=64 characters; submitResultHash: submitResultHash must be a 64-char hex sha256 digest",
    ],
    [
      "64 characters that are not hex",
      "g".repeat(64),
      "submitResultHash: submitResultHash must be a 64-char hex sha256 digest",
    ],
    ["no hash", undefined, "submitResultHash: Invalid input: expected string, received undefined"],
  ])("rejects %s with 400", async (_name, hash, message) => {
    const sim = await startSim();
    const payment = await paymentIn(sim, "FundsLocked");
    const { status, body } = await call(sim, "POST", "/api/v1/payment/submit-result", {
      body: { network: "Preprod", blockchainIdentifier: payment.blockchainIdentifier, submitResultHash: hash },
    });
    expect(status).toBe(400);
    expect(body).toEqual({ status: "error", error: { message } });
    expect(sim.submittedResults()).toEqual([]);
  });

  it("accepts upper-case hex", async () => {
    const sim = await startSim();
    const payment = await paymentIn(sim, "FundsLocked");
    expect((await submitResult(sim, payment.blockchainIdentifier, "AB".repeat(32))).status).toBe(200);
  });
});
