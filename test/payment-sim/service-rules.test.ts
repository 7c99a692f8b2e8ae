/** Rules of the real service that the recorded exchanges could not show (see the fixtures README). */
import { describe, expect, it } from "vitest";
import { MINUTE, TOKEN, call, createPayment, paymentBody, startSim } from "./helpers.js";

describe("rules the recording could not capture", () => {
  it("answers an identical repeated create with 409 and the existing payment (HttpExistsError)", async () => {
    const sim = await startSim();
    const body = paymentBody();
    const first = await call(sim, "POST", "/api/v1/payment", { body });
    expect(first.status).toBe(200);
    const again = await call(sim, "POST", "/api/v1/payment", { body });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({
      status: "error",
      error: { message: "Payment exists" },
      id: first.body.data.id,
      object: { id: first.body.data.id, blockchainIdentifier: first.body.data.blockchainIdentifier },
    });
    // Another purchaser identifier is another payment.
    expect(
      (
        await call(sim, "POST", "/api/v1/payment", {
          body: { ...body, identifierFromPurchaser: "ffee0011" + "22".repeat(4) },
        })
      ).status,
    ).toBe(200);
    expect(sim.payments()).toHaveLength(2);
  });

  it("gives an unpaid payment up only 5 minutes after its payByTime", async () => {
    let now = Date.parse("2026-12-01T12:00:00.000Z");
    const sim = await startSim({ now: () => now });
    const payByTime = now + 10 * MINUTE;
    const payment = await createPayment(sim, {
      payByTime: new Date(payByTime).toISOString(),
      submitResultTime: new Date(now + 30 * MINUTE).toISOString(),
    });
    const state = async () =>
      (
        await call(sim, "POST", "/api/v1/payment/resolve-blockchain-identifier", {
          body: { network: "Preprod", blockchainIdentifier: payment.blockchainIdentifier },
        })
      ).body.data;

    now = payByTime + 5 * MINUTE; // at the end of the grace: still waiting for the buyer
    expect(await state()).toMatchObject({
      onChainState: null,
      NextAction: { requestedAction: "WaitingForExternalAction" },
    });
    now += 1;
    expect(await state()).toMatchObject({
      onChainState: "FundsOrDatumInvalid",
      NextAction: { requestedAction: "WaitingForManualAction", errorType: "Unknown" },
      CurrentTransaction: null,
    });
  });

  it("moves its clock forward on POST /admin/clock (admin keys only)", async () => {
    const sim = await startSim();
    const payment = await createPayment(sim); // payByTime in 10 minutes
    const refused = await call(sim, "POST", "/admin/clock", { body: { advanceMs: 16 * MINUTE }, token: "nobody" });
    expect(refused.status).toBe(401);
    const moved = await call(sim, "POST", "/admin/clock", { body: { advanceMs: 16 * MINUTE } });
    expect(moved.status).toBe(200);
    expect(Date.parse(moved.body.data.now) - Date.now()).toBeGreaterThan(15 * MINUTE);
    expect(sim.payments()[0]).toMatchObject({ id: payment.id, onChainState: "FundsOrDatumInvalid" });
  });

  it("plays a V1 seller with sourceType Web3CardanoV1: no source index in its env, and none allowed", async () => {
    const sim = await startSim({ sourceType: "Web3CardanoV1" });
    expect(sim.env).toMatchObject({ PAYMENT_API_KEY: TOKEN, PAYMENT_SOURCE_TYPE: "Web3CardanoV1" });
    expect(sim.env).not.toHaveProperty("PAYMENT_SOURCE_INDEX");
    const withIndex = await call(sim, "POST", "/api/v1/payment", { body: paymentBody() });
    expect(withIndex.status).toBe(400);
    expect(withIndex.body.error.message).toBe(
      "V1 Cardano payments must not set supportedPaymentSourceIndex; pricing comes from AgentPricing",
    );
    const payment = await createPayment(sim, { supportedPaymentSourceIndex: undefined });
    expect(payment.PaymentSource.paymentSourceType).toBe("Web3CardanoV1");
    // The V1 seller's payments are in the default listing.
    const listed = await call(sim, "GET", "/api/v1/payment?network=Preprod");
    expect(listed.body.data.Payments.map((entry: { id: string }) => entry.id)).toEqual([payment.id]);
  });

  it("hides the default V2 seller's payments from a listing and count without the type filter", async () => {
    const sim = await startSim();
    const payment = await createPayment(sim);
    const plain = await call(sim, "GET", "/api/v1/payment?network=Preprod");
    expect(plain.body.data.Payments).toEqual([]);
    expect((await call(sim, "GET", "/api/v1/payment/count?network=Preprod")).body.data.total).toBe(0);
    const filtered = await call(sim, "GET", "/api/v1/payment?network=Preprod&filterPaymentSourceType=Web3CardanoV2");
    expect(filtered.body.data.Payments.map((entry: { id: string }) => entry.id)).toEqual([payment.id]);
    const byAddress = await call(
      sim,
      "GET",
      `/api/v1/payment/count?network=Preprod&filterSmartContractAddress=${payment.PaymentSource.smartContractAddress}`,
    );
    expect(byAddress.body.data.total).toBe(1);
  });
});
