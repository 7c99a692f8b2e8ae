import { readStatus, type StatusRead } from "../client.js";
import type { CheckContext } from "../check.js";

/** Every readable /status answer of the run so far: what the marketplace's poller would see. */
export function statusAnswers(ctx: CheckContext): StatusRead[] {
  return ctx
    .exchanges()
    .filter((exchange) => exchange.endpoint === "/status")
    .map(readStatus)
    .filter((read) => read.status !== undefined);
}
