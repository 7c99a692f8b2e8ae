/**
 * Webhooks, as documented for the real service (docs/webhook-events.md, routes/api/webhooks):
 * registered with `POST /api/v1/webhooks`, and on every change of a payment's on-chain state each
 * webhook subscribed to PAYMENT_ON_CHAIN_STATUS_CHANGED receives
 * `{event_type, timestamp, webhook_id, data: <the payment as GET /payment lists it>}`, with its
 * auth token in the Authorization header. Deliveries are not retried; a failure is logged.
 */
import { HttpError } from "./http-io.js";
import { newId } from "./identifiers.js";
import type { PaymentJson } from "./payment-json.js";
import type { RegisterWebhookInput, WebhookEventType } from "./request-schemas.js";

export interface WebhookJson {
  id: string;
  url: string;
  events: WebhookEventType[];
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
      events: input.events,
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

  paymentStateChanged(payment: PaymentJson): void {
    for (const webhook of this.webhooks) {
      if (!webhook.events.includes("PAYMENT_ON_CHAIN_STATUS_CHANGED")) continue;
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

  private async deliver(webhook: Webhook, payment: PaymentJson): Promise<void> {
    const payload = {
      event_type: "PAYMENT_ON_CHAIN_STATUS_CHANGED",
      timestamp: new Date().toISOString(),
      webhook_id: webhook.id,
      data: payment,
    };
    try {
      const response = await fetch(webhook.url, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${webhook.authToken}` },
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
