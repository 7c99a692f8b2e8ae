/**
 * Compares a recorded answer with the simulator's. Values the README of the fixtures names as
 * varying per run (cuid ids, timestamps, blockchain identifiers, transaction hashes, block data,
 * cooldown times) are compared by pattern; everything else must be equal, and objects must have
 * the same keys, arrays the same length. While comparing, each varying recorded string is bound to
 * the simulator's value, so later requests can refer to what the simulator made.
 */

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const ID = /^[a-z0-9]{20,40}$/;
const HEX_64 = /^[0-9a-f]{64}$/;
const BLOCKCHAIN_IDENTIFIER = /^[0-9a-f]{400,}$/;
const WHOLE_NUMBER = (value: unknown) => Number.isInteger(value) && (value as number) >= 0;

type Check = RegExp | ((value: unknown) => boolean);

const VARYING: Record<string, Check> = {
  id: ID,
  createdAt: ISO_TIME,
  updatedAt: ISO_TIME,
  lastCheckedAt: ISO_TIME,
  nextActionLastChangedAt: ISO_TIME,
  onChainStateOrResultLastChangedAt: ISO_TIME,
  nextActionOrOnChainStateOrResultLastChangedAt: ISO_TIME,
  blockchainIdentifier: BLOCKCHAIN_IDENTIFIER,
  txHash: HEX_64,
  blockTime: WHOLE_NUMBER,
  blockHeight: WHOLE_NUMBER,
  cooldownTime: WHOLE_NUMBER,
};

function passes(check: Check, value: unknown): boolean {
  return check instanceof RegExp ? typeof value === "string" && check.test(value) : check(value);
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? "undefined";
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Recorded value -> the simulator's, for the varying strings seen so far. */
export type Bindings = Map<string, string>;

export function compareBodies(recorded: unknown, actual: unknown, bindings: Bindings, path = "body"): string[] {
  const key = path.slice(path.lastIndexOf(".") + 1);
  const varying = VARYING[key];
  if (varying && recorded !== null && typeof recorded !== "object") {
    if (!passes(varying, actual)) return [`${path}: expected ${show(recorded)}'s pattern, got ${show(actual)}`];
    if (typeof recorded === "string" && typeof actual === "string" && recorded !== actual)
      bindings.set(recorded, actual);
    return [];
  }
  if (Array.isArray(recorded)) {
    if (!Array.isArray(actual)) return [`${path}: expected an array, got ${show(actual)}`];
    if (recorded.length !== actual.length) {
      return [`${path}: expected ${recorded.length} items, got ${actual.length}`];
    }
    return recorded.flatMap((item, index) => compareBodies(item, actual[index], bindings, `${path}[${index}]`));
  }
  if (recorded !== null && typeof recorded === "object") {
    if (actual === null || typeof actual !== "object" || Array.isArray(actual)) {
      return [`${path}: expected an object, got ${show(actual)}`];
    }
    const expectedKeys = Object.keys(recorded);
    const actualKeys = Object.keys(actual);
    const missing = expectedKeys.filter((name) => !(name in actual));
    const extra = actualKeys.filter((name) => !(name in recorded));
    const keyDiffs = [
      ...(missing.length > 0 ? [`${path}: missing ${missing.join(", ")}`] : []),
      ...(extra.length > 0 ? [`${path}: unexpected ${extra.join(", ")}`] : []),
    ];
    return [
      ...keyDiffs,
      ...expectedKeys
        .filter((name) => name in actual)
        .flatMap((name) =>
          compareBodies(
            (recorded as Record<string, unknown>)[name],
            (actual as Record<string, unknown>)[name],
            bindings,
            `${path}.${name}`,
          ),
        ),
    ];
  }
  return Object.is(recorded, actual) ? [] : [`${path}: expected ${show(recorded)}, got ${show(actual)}`];
}

/** A recorded request value with every bound recorded string replaced by the simulator's. */
export function translate<T>(value: T, bindings: Bindings): T {
  if (typeof value === "string") {
    let text: string = value;
    for (const [recorded, actual] of bindings) if (text.includes(recorded)) text = text.split(recorded).join(actual);
    return text as T;
  }
  if (Array.isArray(value)) return value.map((item) => translate(item, bindings)) as T;
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, translate(item, bindings)])) as T;
  }
  return value;
}
