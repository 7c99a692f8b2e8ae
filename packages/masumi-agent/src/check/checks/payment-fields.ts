import { blocked, skip, type CheckContext } from "../check.js";
import type { Started } from "../client.js";
import type { Verdict } from "../types.js";

/** The payment fields of a paid start answer (spec section 2), as Sokosumi reads them. */
export const PAYMENT_TIMES = ["payByTime", "submitResultTime", "unlockTime", "externalDisputeUnlockTime"] as const;
export const PAYMENT_STRINGS = [
  "input_hash",
  "identifierFromPurchaser",
  "blockchainIdentifier",
  "agentIdentifier",
  "sellerVKey",
] as const;

/**
 * The reference start of a paid agent, for checks that judge the values of payment fields:
 * free agents are skipped, and a missing field is MK-start-fields' failure, not theirs.
 */
export async function paidReference(
  ctx: CheckContext,
  keys: readonly string[],
): Promise<{ verdict: Verdict } | { reference: Started; body: Record<string, unknown> }> {
  if ((await ctx.facts.payment()).free) return { verdict: skip("free agent: no payment fields to check") };
  const reference = await ctx.facts.reference();
  const missing = keys.filter((key) => reference.body?.[key] === undefined || reference.body[key] === "");
  if (missing.length > 0) return { verdict: blocked("MK-start-fields", `the start answered no ${missing.join(", ")}`) };
  return { reference, body: reference.body ?? {} };
}
