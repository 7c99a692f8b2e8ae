/**
 * How many random bits a set of job ids shows at most. A job id is a capability: whoever knows it
 * reads the job's status and result, so it must not be guessable (a v4 UUID carries 122 bits).
 * The estimate is an upper bound from the ids' shape, never a proof of randomness: it catches
 * short ids, counters and time-ordered ids, not a weak generator behind a long random-looking id.
 */
export interface IdEntropy {
  bits: number;
  /** What the estimate rests on, for the failure message. */
  reason: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-([0-9a-f])[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Random bits per UUID version: v4 is random but for version and variant; v7 is 48 bits of time. */
const UUID_RANDOM_BITS: Readonly<Record<string, number>> = { "4": 122, "7": 74, "8": 122 };

/** Alphabets from the narrowest up: the first that holds every character counts. */
const ALPHABETS: readonly { name: string; size: number; pattern: RegExp }[] = [
  { name: "decimal digits", size: 10, pattern: /^[0-9]+$/ },
  { name: "hex digits", size: 16, pattern: /^[0-9a-f]+$/ },
  { name: "hex digits", size: 16, pattern: /^[0-9A-F]+$/ },
  { name: "lower-case letters and digits", size: 36, pattern: /^[0-9a-z]+$/ },
  { name: "upper-case letters and digits", size: 36, pattern: /^[0-9A-Z]+$/ },
  { name: "letters and digits", size: 62, pattern: /^[0-9A-Za-z]+$/ },
  { name: "base64url characters", size: 64, pattern: /^[0-9A-Za-z_-]+$/ },
];

/**
 * A common start this long or longer is taken as shared structure (a prefix, a timestamp),
 * not chance: three random hex ids share 4 leading characters with odds of about 1 in 20,000.
 */
const SHARED_PREFIX_MIN = 4;

export function idEntropy(ids: readonly string[]): IdEntropy {
  const uuids = ids.map((id) => UUID.exec(id));
  if (uuids.every((match) => match !== null)) {
    const versions = [...new Set(uuids.map((match) => match![1]!))];
    const bits = Math.min(...versions.map((version) => UUID_RANDOM_BITS[version] ?? 0));
    return { bits, reason: `UUIDs of version ${versions.join(", ")}` };
  }
  const prefix = sharedPrefixLength(ids);
  const counted = prefix >= SHARED_PREFIX_MIN ? prefix : 0;
  const rests = ids.map((id) => id.slice(counted));
  const joined = rests.join("");
  const alphabet = ALPHABETS.find(({ pattern }) => pattern.test(joined));
  const length = Math.min(...rests.map((rest) => rest.length));
  // Anything else is counted as printable ASCII: an upper bound again.
  const size = alphabet?.size ?? 95;
  const bits = Math.floor(length * Math.log2(size));
  const shared = counted > 0 ? ` after a shared start of ${counted} characters` : "";
  return { bits, reason: `${length} ${alphabet?.name ?? "printable characters"}${shared}` };
}

function sharedPrefixLength(ids: readonly string[]): number {
  const [first = "", ...rest] = ids;
  let length = 0;
  while (length < first.length && rest.every((id) => id[length] === first[length])) length += 1;
  return length;
}
