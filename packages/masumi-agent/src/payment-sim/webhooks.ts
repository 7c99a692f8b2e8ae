/**
 * Webhooks as the real service runs them (routes/api/webhooks, webhook-handler): registered with
 * `POST /api/v1/webhooks {url, authToken, Events}`; when a payment's `NextAction.requestedAction`
 * changes, each webhook subscribed to PAYMENT_ON_CHAIN_STATUS_CHANGED receives
 * `{event_type, timestamp, webhook_id, service_name, data: <the raw payment row>}` with the headers
 * `x-masumi-event`, `x-masumi-timestamp`, `User-Agent: Masumi-Webhook/1.0` and its auth token as a
 * bearer token. The real service refuses loopback and private destinations; the simulator accepts
 * them, since the agent it serves runs on the same machine. The real monitor looks every 30 s;
 * the simulator delivers at once. Deliveries are not retried; a failure is logged.
 */
import { HttpError } from "./http-io.js";
import { newId } from "./identifiers.js";
import type { PaymentRow } from "./payment-row.js";
import type { RegisterWebhookInput, WebhookEventType } from "./request-schemas.js";

export interface WebhookJson {
  id: string;
  url: string;
  Events: WebhookEventType[];
  name: string | null;
  isActive: boolean;
  createdAt: string;
  paymentSourceId: string | null;
}

interface Webhook extends WebhookJson {
  authToken: string;
}

const DELIVERY_TIMEOUT_MS = 10_000;

export class WebhookRegistry {
  private readonly webhooks: Webhook[] = [];
  private readonly deliveries = new Set<Promise<void>>();
  private readonly stopping = new AbortController();

  constructor(private readonly log: (line: string) => void) {}

  register(input: RegisterWebhookInput): WebhookJson {
    const paymentSourceId = input.paymentSourceId ?? null;
    if (this.webhooks.some((webhook) => webhook.url === input.url && webhook.paymentSourceId === paymentSourceId)) {
      throw new HttpError(409, "Webhook URL already registered for this payment source");
    }
    const webhook: Webhook = {
      id: newId(),
      url: input.url,
      Events: input.Events,
      name: input.name ?? null,
      isActive: true,
      createdAt: new Date().toISOString(),
      paymentSourceId,
      authToken: input.authToken,
    };
    this.webhooks.push(webhook);
    const { authToken: _secret, ...json } = webhook;
    return json;
  }

  paymentChanged(payment: PaymentRow): void {
    for (const webhook of this.webhooks) {
      if (!webhook.Events.includes("PAYMENT_ON_CHAIN_STATUS_CHANGED")) continue;
      if (webhook.paymentSourceId !== null && webhook.paymentSourceId !== payment.PaymentSource.id) continue;
      const delivery = this.deliver(webhook, payment).finally(() => this.deliveries.delete(delivery));
      this.deliveries.add(delivery);
    }
  }

  /** Cancels the deliveries under way and waits for them to end. */
  async close(): Promise<void> {
    this.stopping.abort();
    await Promise.all(this.deliveries);
  }

  private async deliver(webhook: Webhook, payment: PaymentRow): Promise<void> {
    const event = "PAYMENT_ON_CHAIN_STATUS_CHANGED";
    const timestamp = new Date().toISOString();
    const payload = {
      event_type: event,
      timestamp,
      webhook_id: webhook.id,
      service_name: "masumi-payment-service",
      data: payment,
    };
    try {
      const response = await fetch(webhook.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "user-agent": "Masumi-Webhook/1.0",
          "x-masumi-event": event,
          "x-masumi-timestamp": timestamp,
          authorization: `Bearer ${webhook.authToken}`,
        },
        body: JSON.stringify(payload),
        signal: AbortSignal.any([this.stopping.signal, AbortSignal.timeout(DELIVERY_TIMEOUT_MS)]),
      });
      await response.body?.cancel();
      if (!response.ok) this.log(`webhook ${webhook.url} answered ${response.status}`);
    } catch (error) {
      if (!this.stopping.signal.aborted) this.log(`webhook ${webhook.url} failed: ${(error as Error).message}`);
    }
  }
}
