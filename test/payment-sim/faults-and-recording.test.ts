import { describe, expect, it } from "vitest";
import { TOKEN, call, createPayment, paymentBody, startSim } from "./helpers.js";

const UNAVAILABLE = { status: "error", error: { message: "Service Unavailable" } };

describe("failure switch", () => {
  it("failNext(n) answers the next n API requests with 503, then serves again", async () => {
    const sim = await startSim();
    sim.failNext(2);
    expect(await call(sim, "GET", "/api/v1/health")).toMatchObject({ status: 503, body: UNAVAILABLE });
    expect(await call(sim, "POST", "/api/v1/payment", { body: paymentBody() })).toMatchObject({
      status: 503,
      body: UNAVAILABLE,
    });
    expect(sim.payments()).toEqual([]);
    expect((await call(sim, "POST", "/api/v1/payment", { body: paymentBody() })).status).toBe(200);
  });

  it("failNext(n, 'reset') drops the connection without an answer", async () => {
    const sim = await startSim();
    sim.failNext(1, "reset");
    await expect(fetch(`${sim.apiUrl}/health`)).rejects.toThrow();
    expect((await fetch(`${sim.apiUrl}/health`)).status).toBe(200);
  });

  it("failNext with a match fails only the requests it names; others pass and do not count", async () => {
    const sim = await startSim();
    sim.failNext(1, "unavailable", { method: "POST", path: "/api/v1/payment" });
    expect((await call(sim, "GET", "/api/v1/payment?network=Preprod")).status).toBe(200);
    expect((await call(sim, "GET", "/api/v1/health")).status).toBe(200);
    expect((await call(sim, "POST", "/api/v1/payment", { body: paymentBody() })).status).toBe(503);
    expect((await call(sim, "POST", "/api/v1/payment", { body: paymentBody() })).status).toBe(200);
  });

  it("setDown(true) fails every API request until setDown(false); the admin route keeps working", async () => {
    const sim = await startSim();
    const payment = await createPayment(sim);
    sim.setDown(true);
    for (let attempt = 0; attempt < 3; attempt++) expect((await call(sim, "GET", "/api/v1/health")).status).toBe(503);
    expect(
      (await call(sim, "POST", `/admin/payments/${payment.id}/state`, { body: { onChainState: "FundsLocked" } }))
        .status,
    ).toBe(200);
    sim.setDown(true, "reset");
    await expect(fetch(`${sim.apiUrl}/health`)).rejects.toThrow();
    sim.setDown(false);
    const resolved = await call(sim, "POST", "/api/v1/payment/resolve-blockchain-identifier", {
      body: { network: "Preprod", blockchainIdentifier: payment.blockchainIdentifier },
    });
    expect(resolved.body.data.onChainState).toBe("FundsLocked");
  });

  it("refuses a count that is not a whole number", async () => {
    const sim = await startSim();
    expect(() => sim.failNext(-1)).toThrow(RangeError);
    expect(() => sim.failNext(1.5)).toThrow(RangeError);
  });
});

describe("recorded calls", () => {
  it("keep every API request with its route, query, body and answer status, failed ones too, never the token", async () => {
    const sim = await startSim();
    const body = paymentBody();
    const payment = await createPayment(sim, body);
    await call(sim, "GET", "/api/v1/payment?network=Preprod&limit=5");
    sim.failNext(1, "reset");
    await fetch(`${sim.apiUrl}/health`).catch(() => undefined);
    sim.failNext(1);
    await call(sim, "GET", "/api/v1/health", { token: null });
    await call(sim, "POST", `/admin/payments/${payment.id}/state`, { body: { onChainState: "FundsLocked" } });
    await call(sim, "POST", "/api/v1/payment/submit-result", { body: { network: "Preprod" }, token: "nope" });

    expect(sim.calls()).toEqual([
      { method: "POST", path: "/api/v1/payment", query: {}, body, status: 200, at: expect.any(String) },
      {
        method: "GET",
        path: "/api/v1/payment",
        query: { network: "Preprod", limit: "5" },
        body: undefined,
        status: 200,
        at: expect.any(String),
      },
      { method: "GET", path: "/api/v1/health", query: {}, body: undefined, status: null, at: expect.any(String) },
      { method: "GET", path: "/api/v1/health", query: {}, body: undefined, status: 503, at: expect.any(String) },
      {
        method: "POST",
        path: "/api/v1/payment/submit-result",
        query: {},
        body: { network: "Preprod" },
        status: 401,
        at: expect.any(String),
      },
    ]);
    expect(JSON.stringify(sim.calls())).not.toContain(TOKEN);
  });

  it("are copies: changing them does not change the simulator's record", async () => {
    const sim = await startSim();
    await call(sim, "GET", "/api/v1/health");
    sim.calls().pop();
    sim.submittedResults().push({ blockchainIdentifier: "x", network: "Preprod", resultHash: "y", at: "z" });
    expect(sim.calls()).toHaveLength(1);
    expect(sim.submittedResults()).toEqual([]);
  });
});
