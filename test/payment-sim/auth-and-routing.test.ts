import { describe, expect, it } from "vitest";
import { TOKEN, call, createPayment, startSim } from "./helpers.js";

const PROTECTED: Array<[method: string, path: string]> = [
  ["POST", "/api/v1/payment"],
  ["GET", "/api/v1/payment?network=Preprod"],
  ["POST", "/api/v1/payment/resolve-blockchain-identifier"],
  ["POST", "/api/v1/payment/submit-result"],
  ["POST", "/api/v1/webhooks"],
  ["POST", "/admin/payments/anything/state"],
];

describe("the token header", () => {
  it.each(PROTECTED)("%s %s answers 401 without a token", async (method, path) => {
    const sim = await startSim();
    const { status, body } = await call(sim, method, path, { token: null, body: method === "POST" ? {} : undefined });
    expect(status).toBe(401);
    expect(body).toEqual({ status: "error", error: { message: "Unauthorized, no authentication token provided" } });
  });

  it.each(PROTECTED)("%s %s answers 401 with a wrong token", async (method, path) => {
    const sim = await startSim();
    const { status, body } = await call(sim, method, path, {
      token: `${TOKEN}x`,
      body: method === "POST" ? {} : undefined,
    });
    expect(status).toBe(401);
    expect(body).toEqual({
      status: "error",
      error: { message: "Unauthorized, invalid authentication token provided" },
    });
  });

  it("is checked before the input, and an empty token counts as none", async () => {
    const sim = await startSim();
    expect((await call(sim, "POST", "/api/v1/payment", { token: "wrong", body: { network: "nope" } })).status).toBe(
      401,
    );
    const empty = await call(sim, "POST", "/api/v1/payment", { token: "", body: {} });
    expect(empty.body.error.message).toBe("Unauthorized, no authentication token provided");
  });

  it("is not needed for GET /api/v1/health", async () => {
    const sim = await startSim();
    const { status, body } = await call(sim, "GET", "/api/v1/health", { token: null });
    expect(status).toBe(200);
    expect(body).toEqual({ status: "success", data: { status: "ok" } });
  });
});

describe("routing", () => {
  it("answers 404 'Can not <METHOD> <path>' for unknown paths", async () => {
    const sim = await startSim();
    const { status, body } = await call(sim, "GET", "/api/v1/purchases");
    expect(status).toBe(404);
    expect(body).toEqual({ status: "error", error: { message: "Can not GET /api/v1/purchases" } });
  });

  it("answers 405 with an Allow header for a known path and another method", async () => {
    const sim = await startSim();
    const { status, body, headers } = await call(sim, "DELETE", "/api/v1/payment");
    expect(status).toBe(405);
    // express-zod-api's order: the route's methods, HEAD with GET, OPTIONS.
    expect(headers.get("allow")).toBe("GET, POST, HEAD, OPTIONS");
    expect(body.error.message).toBe("DELETE is not allowed");
  });

  it("answers 400 to a path parameter that is not valid percent-encoding", async () => {
    const sim = await startSim();
    const { status, body } = await call(sim, "POST", "/admin/payments/%E0%A4%A/state", { body: {} });
    expect(status).toBe(400);
    expect(body.error.message).toBe("Failed to decode param '%E0%A4%A'");
  });

  it("accepts a trailing slash, as Express does", async () => {
    const sim = await startSim();
    expect((await call(sim, "GET", "/api/v1/health/")).status).toBe(200);
  });
});

describe("the log", () => {
  it("has one line per request and never the token", async () => {
    const lines: string[] = [];
    const sim = await startSim({ log: (line) => lines.push(line) });
    const payment = await createPayment(sim);
    await call(sim, "GET", "/api/v1/payment?network=Preprod");
    await call(sim, "GET", "/api/v1/health", { token: `${TOKEN}-wrong` });
    await call(sim, "POST", `/admin/payments/${payment.id}/state`, { body: { onChainState: "FundsLocked" } });

    const requestLines = lines.filter((line) => /^(GET|POST) \//.test(line));
    expect(requestLines).toEqual([
      expect.stringMatching(/^POST \/api\/v1\/payment 200 \d+ms$/),
      expect.stringMatching(/^GET \/api\/v1\/payment\?network=Preprod 200 \d+ms$/),
      expect.stringMatching(/^GET \/api\/v1\/health 200 \d+ms$/),
      expect.stringMatching(new RegExp(`^POST /admin/payments/${payment.id}/state 200 \\d+ms$`)),
    ]);
    // A new payment comes with a curl line that marks it paid; it names the env variable, not the token.
    expect(lines.join("\n")).toContain(
      `curl -s -X POST '${sim.url}/admin/payments/${payment.id}/state' -H "token: $PAYMENT_API_KEY"`,
    );
    expect(lines.some((line) => line.includes(`payment ${payment.id}: onChainState null -> FundsLocked`))).toBe(true);
    expect(lines.join("\n")).not.toContain(TOKEN);
  });
});
