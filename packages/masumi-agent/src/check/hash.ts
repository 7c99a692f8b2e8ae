import { createHash } from "node:crypto";
import canonicalizeModule from "canonicalize";

// canonicalize is CommonJS (`module.exports = fn`) while its types declare `export default`:
// under NodeNext the default import is the function itself at run time, so it is typed as one.
const canonicalizeJson = canonicalizeModule as unknown as typeof canonicalizeModule.default;

/** RFC 8785 (JCS) of a JSON value. */
export function canonicalize(value: unknown): string {
  const canonical = canonicalizeJson(value);
  if (canonical === undefined) throw new TypeError("the value cannot be represented as JSON");
  return canonical;
}

/**
 * The hashes of MIP-004 as the checker computes them on its own, to compare with what a server
 * answers. See the spec's section 4 for why the result hash escapes the result string.
 */

function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** `sha256_hex(identifier_from_purchaser + ";" + JCS(input_data))`, JCS being RFC 8785. */
export function inputHash(identifierFromPurchaser: string, inputData: unknown): string {
  return sha256Hex(`${identifierFromPurchaser};${canonicalize(inputData)}`);
}

/** `sha256_hex(identifier_from_purchaser + ";" + the result JSON-escaped without its quotes)`. */
export function resultHash(identifierFromPurchaser: string, result: string): string {
  return sha256Hex(`${identifierFromPurchaser};${JSON.stringify(result).slice(1, -1)}`);
}
