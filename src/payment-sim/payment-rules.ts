/**
 * The checks `POST /payment` makes after its schema, in the real handler's order and words
 * (src/routes/api/payments/index.ts `paymentInitPost`). Each failure is a 400.
 */
import type { Parsed, CreatePaymentInput } from "./request-schemas.js";

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;

/** The service's `validateHexString`: non-empty, even length, hex digits only. */
export function isHexString(value: string): boolean {
  return value.length % 2 === 0 && /^[0-9a-fA-F]+$/.test(value);
}

export interface PaymentTimes {
  payByTime: number;
  submitResultTime: number;
  unlockTime: number;
  externalDisputeUnlockTime: number;
}

export function checkCreatePayment(input: CreatePaymentInput, now: number): Parsed<PaymentTimes> {
  const fail = (message: string): Parsed<PaymentTimes> => ({ ok: false, message });
  if (!isHexString(input.identifierFromPurchaser)) return fail("Purchaser identifier is not a valid hex string");
  if (!isHexString(input.inputHash)) return fail("Input hash is not a valid hex string");

  const { payByTime, submitResultTime } = input;
  const unlockTime = input.unlockTime ?? submitResultTime + 6 * HOUR;
  const externalDisputeUnlockTime = input.externalDisputeUnlockTime ?? submitResultTime + 12 * HOUR;
  if (payByTime > submitResultTime - 5 * MINUTE) {
    return fail("Pay by time must be before submit result time (min. 5 minutes)");
  }
  if (payByTime < now - 5 * MINUTE) return fail("Pay by time must be in the future (max. 5 minutes)");
  if (externalDisputeUnlockTime < unlockTime + 15 * MINUTE) {
    return fail("External dispute unlock time must be after unlock time (min. 15 minutes difference)");
  }
  if (submitResultTime < now + 15 * MINUTE) return fail("Submit result time must be in the future (min. 15 minutes)");
  if (submitResultTime > unlockTime - 15 * MINUTE) {
    return fail("Submit result time must be before unlock time with at least 15 minutes difference");
  }
  // The simulated agent is registered with a fixed price, the common case; its price is not asked for.
  if (input.requestedFunds !== undefined) return fail("For fixed pricing, RequestedFunds must be null");
  return { ok: true, value: { payByTime, submitResultTime, unlockTime, externalDisputeUnlockTime } };
}
