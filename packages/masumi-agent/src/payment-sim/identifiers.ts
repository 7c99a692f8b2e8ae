/** Identifiers that look like the real service's: cuid ids, hex hashes, Cardano-style addresses. */
import { createHash, randomBytes } from "node:crypto";

export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString("hex");
}

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** A cuid-shaped id ("c" and 24 base-36 characters), derived from a seed so it can be stable. */
export function derivedId(seed: string): string {
  return `c${BigInt(`0x${sha256Hex(seed)}`)
    .toString(36)
    .slice(0, 24)}`;
}

export function newId(): string {
  return derivedId(randomHex(16));
}

const BECH32_CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

/** A bech32-looking string (not checksummed): prefix, then `length` characters drawn from the seed. */
export function bech32Like(prefix: string, seed: string, length: number): string {
  let digest = "";
  for (let round = 0; digest.length < length * 2; round++) digest += sha256Hex(`${seed}#${round}`);
  const chars = Array.from(
    { length },
    (_, index) => BECH32_CHARSET[parseInt(digest.slice(index * 2, index * 2 + 2), 16) % 32],
  );
  return `${prefix}${chars.join("")}`;
}

export interface IdentifierParts {
  agentIdentifier: string;
  identifierFromPurchaser: string;
  /** V2 only: the contract the buyer pays into. */
  smartContractAddress: string | null;
  /** V2 only. */
  supportedPaymentSourceIndex: number | null;
}

/**
 * A blockchain identifier shaped like the real one: lowercase hex of about the same length (the
 * real one is an lz-string compressed JSON of the seller id, the purchaser id, a COSE signature
 * and key, the agent identifier and, for V2, the contract address). Nothing but the payment
 * service reads it, so here it only has to be unique and opaque.
 */
export function newBlockchainIdentifier(parts: IdentifierParts): string {
  const sellerId = sha256Hex(randomHex(16)) + parts.agentIdentifier;
  const fields = [sellerId, parts.identifierFromPurchaser, randomHex(96), randomHex(44)];
  if (parts.smartContractAddress !== null)
    fields.push(parts.smartContractAddress, String(parts.supportedPaymentSourceIndex));
  return Buffer.from(fields.join("."), "utf8").toString("hex");
}
