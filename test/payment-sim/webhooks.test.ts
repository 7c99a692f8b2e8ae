import { readFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { PaymentSimulator } from "../../packages/masumi-agent/src/payment-sim/index.js";
import { FIXTURES_DIR } from "./replay/recording.js";
import { HASH_A, call, createPayment, startSim, waitUntil } from "./helpers.js";

interface Delivery {
  headers: IncomingHttpHeaders;
  body: {
    event_type: string;
    timestamp: string;
    webhook_id: string;
    service_name: string;
    data: Record<string, any>;
  };
}

/** The delivery the real service sent (fixtures/payment-service). */
const RECORDED_DELIVERY = JSON.parse(
  readFileSync(`${FIXTURES_DIR}webhook-payment-on-chain-status-changed.json`, "utf8"),
) as Delivery["body"];

const receivers: Server[] = [];

afterEach(async () => {
  await Promise.all(receivers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** A webhook endpoint that records what it receives. */
async function startReceiver(): Promise<{ url: string; deliveries: Delivery[]; server: Server }> {
  const deliveries: Delivery[] = [];
  const receiver = createServer((request, response) => {
    let text = "";
    request.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
    request.on("end", () => {
      deliveries.push({ headers: request.headers, body: JSON.parse(text) as Delivery["body"] });
      response.end("ok");
    });
  });
  receivers.push(receiver);
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`, deliveries, server: receiver };
}

/** A paid payment whose result the agent submits: NextAction changes three times. */
async function submitResultOfNewPayment(sim: PaymentSimulator): Promise<void> {
  const payment = await createPayment(sim);
  sim.simulate(payment.id, "lock");
  const submitted = await call(sim, "POST", "/api/v1/payment/submit-result", {
    body: { network: "Preprod", blockchainIdentifier: payment.blockchainIdentifier, submitResultHash: HASH_A },
  });
  expect(submitted.status).toBe(200);
}

const SUBSCRIBED = { authToken: "hook-secret-123", Events: ["PAYMENT_ON_CHAIN_STATUS_CHANGED"] };

describe("POST /api/v1/webhooks", () => {
  it("delivers the raw payment row with the real headers when NextAction changes, not on a lock alone", async () => {
    const sim = await startSim();
    const { url, deliveries } = await startReceiver();
    const registered = await call(sim, "POST", "/api/v1/webhooks", { body: { url, ...SUBSCRIBED, name: "agent" } });
    expect(registered.status).toBe(200);
    expect(registered.body.data).toMatchObject({
      url,
      Events: ["PAYMENT_ON_CHAIN_STATUS_CHANGED"],
      name: "agent",
      isActive: true,
      paymentSourceId: null,
    });
    expect(registered.body.data).not.toHaveProperty("authToken");

    const payment = await createPayment(sim);
    sim.simulate(payment.id, "lock"); // NextAction stays WaitingForExternalAction: nothing is sent
    const submitted = await call(sim, "POST", "/api/v1/payment/submit-result", {
      body: { network: "Preprod", blockchainIdentifier: payment.blockchainIdentifier, submitResultHash: HASH_A },
    });
    expect(submitted.status).toBe(200);
    // The default simulator confirms the result at once: SubmitResultRequested, Initiated, Waiting.
    await waitUntil(() => deliveries.length === 3);
    expect(deliveries.map((delivery) => delivery.body.data.NextAction.requestedAction)).toEqual([
      "SubmitResultRequested",
      "SubmitResultInitiated",
      "WaitingForExternalAction",
    ]);
    const [first] = deliveries;
    expect(first!.headers).toMatchObject({
      "x-masumi-event": "PAYMENT_ON_CHAIN_STATUS_CHANGED",
      "x-masumi-timestamp": first!.body.timestamp,
      "user-agent": "Masumi-Webhook/1.0",
      authorization: "Bearer hook-secret-123",
    });
    expect(first!.body).toMatchObject({
      event_type: "PAYMENT_ON_CHAIN_STATUS_CHANGED",
      webhook_id: registered.body.data.id,
      service_name: "masumi-payment-service",
      data: { id: payment.id, onChainState: "FundsLocked", NextAction: { resultHash: HASH_A } },
    });
    // The same envelope and row fields as the recorded delivery of the real service.
    expect(Object.keys(first!.body).sort()).toEqual(Object.keys(RECORDED_DELIVERY).sort());
    expect(Object.keys(first!.body.data).sort()).toEqual(Object.keys(RECORDED_DELIVERY.data).sort());
  });

  it("sends nothing to a webhook not subscribed to payment changes", async () => {
    const sim = await startSim();
    const other = await startReceiver();
    const subscribed = await startReceiver();
    await call(sim, "POST", "/api/v1/webhooks", {
      body: { url: other.url, authToken: "hook-secret-123", Events: ["PURCHASE_ON_ERROR"] },
    });
    await call(sim, "POST", "/api/v1/webhooks", { body: { url: subscribed.url, ...SUBSCRIBED } });
    await submitResultOfNewPayment(sim);
    // Both were offered the same three changes, in order; the subscribed one has had all of them.
    await waitUntil(() => subscribed.deliveries.length === 3);
    expect(other.deliveries).toEqual([]);
  });

  it("refuses a duplicate URL with 409, and `events` (lower case) or bad fields with 400", async () => {
    const sim = await startSim();
    const body = { url: "http://127.0.0.1:9/hook", ...SUBSCRIBED };
    expect((await call(sim, "POST", "/api/v1/webhooks", { body })).status).toBe(200);
    const duplicate = await call(sim, "POST", "/api/v1/webhooks", { body });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.message).toBe("Webhook URL already registered for this payment source");
    const lowerCase = await call(sim, "POST", "/api/v1/webhooks", {
      body: {
        url: "http://127.0.0.1:9/other",
        authToken: "hook-secret-123",
        events: ["PAYMENT_ON_CHAIN_STATUS_CHANGED"],
      },
    });
    expect(lowerCase.status).toBe(400);
    expect(lowerCase.body.error.message).toBe("Events: Invalid input: expected array, received undefined");
    const bad = await call(sim, "POST", "/api/v1/webhooks", {
      body: { url: "not a url", authToken: "short", Events: [] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe(
      "url: Invalid URL; authToken: Too small: expected string to have >=10 characters; Events: Too small: expected array to have >=1 items",
    );
  });

  it("logs a failed delivery and carries on", async () => {
    const lines: string[] = [];
    const sim = await startSim({ log: (line) => lines.push(line) });
    const { url, server } = await startReceiver();
    await new Promise((resolve) => server.close(resolve));
    await call(sim, "POST", "/api/v1/webhooks", { body: { url, ...SUBSCRIBED } });
    await submitResultOfNewPayment(sim);
    await waitUntil(() => lines.some((line) => line.startsWith(`webhook ${url} failed`)));
    expect((await call(sim, "GET", "/api/v1/health")).status).toBe(200);
  });
});
