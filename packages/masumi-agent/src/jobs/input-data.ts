import { isOptional, schemaFields, type InputSchema } from "./schema.ts";

export type InputDataObject = Record<string, unknown>;

const TEXT_TYPES = new Set(["string", "text", "textarea"]);

/**
 * Clients send `input_data` in three shapes; all become one object keyed by field id:
 * - an object `{"text": "hello"}` (current MIP-003),
 * - a string (the first version of the API), which fills the schema's single required text field,
 * - a list of `{key, value}` pairs (an older official wrapper).
 * Returns the reason when the value has none of these shapes.
 */
export function toInputObject(raw: unknown, schema: InputSchema): InputDataObject | string {
  if (typeof raw === "string") {
    const required = schemaFields(schema).filter((field) => !isOptional(field));
    const [only] = required;
    if (required.length !== 1 || !only || !TEXT_TYPES.has(only.type)) {
      return "input_data must be an object (a string needs exactly one required text field)";
    }
    return Object.fromEntries([[only.id, raw]]);
  }
  if (Array.isArray(raw)) return fromPairs(raw);
  if (isPlainObject(raw)) return raw;
  return "input_data must be an object keyed by field id";
}

function fromPairs(pairs: readonly unknown[]): InputDataObject | string {
  const entries: [string, unknown][] = [];
  const seen = new Set<string>();
  for (const pair of pairs) {
    if (!isPlainObject(pair) || typeof pair.key !== "string") {
      return "input_data as a list must hold objects with a string key and a value";
    }
    if (seen.has(pair.key)) return `input_data lists the key "${pair.key}" twice`;
    seen.add(pair.key);
    entries.push([pair.key, pair.value]);
  }
  // fromEntries defines own properties, so a key such as "__proto__" stays a plain key.
  return Object.fromEntries(entries);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
