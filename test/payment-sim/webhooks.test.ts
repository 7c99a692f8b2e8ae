import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { call, createPayment, startSim, waitUntil } from "./helpers.js";

interface Delivery {
  authorization: string | undefined;
  body: { event_type: string; timestamp: string; webhook_id: string; data: { id: string; onChainState: string } };
}

let receiver: Server | undefined;

afterEach(async () => {
  await new Promise((resolve) => receiver?.close(resolve) ?? resolve(undefined));
  receiver = undefined;
});

/** A webhook endpoint that records what it receives. */
async function startReceiver(): Promise<{ url: string; deliveries: Delivery[] }> {
  const deliveries: Delivery[] = [];
  receiver = createServer((request, response) => {
    let text = "";
    request.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
    request.on("end", () => {
      deliveries.push({ authorization: request.headers.authorization, body: JSON.parse(text) as Delivery["body"] });
      response.end("ok");
    });
  });
  await new Promise<void>((resolve) => receiver?.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`, deliveries };
}

describe("POST /api/v1/webhooks", () => {
  it("registers a webhook that receives PAYMENT_ON_CHAIN_STATUS_CHANGED on each state change", async () => {
    const sim = await startSim();
    const { url, deliveries } = await startReceiver();
    const registered = await call(sim, "POST", "/api/v1/webhooks", {
      body: { url, authToken: "hook-secret-123", events: ["PAYMENT_ON_CHAIN_STATUS_CHANGED"], name: "agent" },
    });
    expect(registered.status).toBe(200);
    expect(registered.body.data).toMatchObject({
      url,
      events: ["PAYMENT_ON_CHAIN_STATUS_CHANGED"],
      name: "agent",
      isActive: true,
      paymentSourceId: null,
    });
    expect(registered.body.data).not.toHaveProperty("authToken");

    const payment = await createPayment(sim);
    sim.setState(payment.id, "FundsLocked");
    sim.setState(payment.id, "RefundRequested");
    await waitUntil(() => deliveries.length === 2);
    expect(deliveries.map((delivery) => delivery.body.data.onChainState).sort()).toEqual([
      "FundsLocked",
      "RefundRequested",
    ]);
    expect(deliveries[0]).toMatchObject({
      authorization: "Bearer hook-secret-123",
      body: {
        event_type: "PAYMENT_ON_CHAIN_STATUS_CHANGED",
        webhook_id: registered.body.data.id,
        data: { id: payment.id },
      },
    });
  });

  it("sends nothing to a webhook not subscribed to payment state changes", async () => {
    const sim = await startSim();
    const { url, deliveries } = await startReceiver();
    await call(sim, "POST", "/api/v1/webhooks", {
      body: { url, authToken: "hook-secret-123", events: ["PURCHASE_ON_ERROR"] },
    });
    sim.setState((await createPayment(sim)).id, "FundsLocked");
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(deliveries).toEqual([]);
  });

  it("refuses a duplicate URL with 409 and a bad registration with 400", async () => {
    const sim = await startSim();
    const body = {
      url: "http://127.0.0.1:9/hook",
      authToken: "hook-secret-123",
      events: ["PAYMENT_ON_CHAIN_STATUS_CHANGED"],
    };
    expect((await call(sim, "POST", "/api/v1/webhooks", { body })).status).toBe(200);
    const duplicate = await call(sim, "POST", "/api/v1/webhooks", { body });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.message).toBe("Webhook URL already registered for this payment source");
    const bad = await call(sim, "POST", "/api/v1/webhooks", {
      body: { url: "not a url", authToken: "short", events: [] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe(
      "url: Invalid URL; authToken: Too small: expected string to have >=10 characters; events: Too small: expected array to have >=1 items",
    );
  });

  it("logs a failed delivery and carries on", async () => {
    const lines: string[] = [];
    const sim = await startSim({ log: (line) => lines.push(line) });
    const { url } = await startReceiver();
    await new Promise((resolve) => receiver?.close(resolve));
    await call(sim, "POST", "/api/v1/webhooks", {
      body: { url, authToken: "hook-secret-123", events: ["PAYMENT_ON_CHAIN_STATUS_CHANGED"] },
    });
    const payment = await createPayment(sim);
    sim.setState(payment.id, "FundsLocked");
    await waitUntil(() => lines.some((line) => line.startsWith(`webhook ${url} failed`)));
    expect((await call(sim, "GET", "/api/v1/health")).status).toBe(200);
  });
});
