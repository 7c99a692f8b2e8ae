import { createHash } from "node:crypto";
import canonicalize from "canonicalize";

/** Hashes of MIP-004, as the Masumi marketplace and payment service verify them. */

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** sha256(identifier + ";" + JCS(input_data)), JCS being RFC 8785 canonical JSON. */
export function inputHash(identifierFromPurchaser: string, inputData: unknown): string {
  const canonical = canonicalize(inputData);
  if (canonical === undefined) throw new TypeError("input_data cannot be represented as JSON");
  return sha256Hex(`${identifierFromPurchaser};${canonical}`);
}

/**
 * sha256(identifier + ";" + the result JSON-escaped without its quotes). MIP-004 says the raw
 * string, but the marketplace and the official SDK hash the escaped form, so this does too.
 */
export function resultHash(identifierFromPurchaser: string, result: string): string {
  return sha256Hex(`${identifierFromPurchaser};${JSON.stringify(result).slice(1, -1)}`);
}
