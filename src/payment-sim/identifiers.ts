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

/**
 * A blockchain identifier shaped like the real one, the hex of
 * "sellerNonce.purchaserNonce.signature.key" where the seller nonce ends with the agent identifier
 * (blockchain-identifier-generator). The real one is also lz-string compressed and carries a COSE
 * signature; nothing but the payment service reads it, so here it only has to be unique and opaque.
 */
export function newBlockchainIdentifier(agentIdentifier: string, identifierFromPurchaser: string): string {
  const sellerNonce = sha256Hex(randomHex(16)) + agentIdentifier;
  const parts = [sellerNonce, identifierFromPurchaser, randomHex(64), randomHex(32)];
  return Buffer.from(parts.join("."), "utf8").toString("hex");
}
