import { createHash } from "node:crypto";
import { canonicalize } from "../hash.js";
import { isObject } from "./fields.js";
import { SOKOSUMI_TYPES, normalBound } from "./sokosumi-rules.js";

/**
 * The Sokosumi normal form of an input schema (spec section 3) and the four input_schema_hash
 * forms of spec section 4.3. The normal form keeps what Sokosumi's parser keeps: a field's id,
 * type, name, the `data` keys its type keeps, and its validations with min/max strings of digits
 * read as numbers. Schemas are taken as served; what the rules would refuse is left as it is
 * (the schema checks report it), so a hash can be computed for any schema.
 */

function normalField(raw: unknown): unknown {
  if (!isObject(raw)) return raw;
  const rule = typeof raw.type === "string" ? SOKOSUMI_TYPES[raw.type] : undefined;
  const field: Record<string, unknown> = {};
  for (const key of ["id", "type", "name"]) if (raw[key] !== undefined) field[key] = raw[key];
  if (isObject(raw.data)) {
    const data = raw.data;
    const kept = rule ? rule.dataKeys.filter((key) => data[key] !== undefined) : Object.keys(data);
    field.data = Object.fromEntries(kept.map((key) => [key, data[key]]));
  }
  if (Array.isArray(raw.validations)) {
    field.validations = raw.validations.map((entry) => {
      if (!isObject(entry)) return entry;
      const isBound = entry.validation === "min" || entry.validation === "max";
      return {
        validation: entry.validation,
        value: isBound ? normalBound(entry.value) : entry.value,
      };
    });
  }
  return field;
}

function normalGroup(raw: unknown): unknown {
  if (!isObject(raw)) return raw;
  const group: Record<string, unknown> = { id: raw.id, title: raw.title };
  if (Array.isArray(raw.input_data)) group.input_data = raw.input_data.map(normalField);
  return group;
}

/** The schema's list (input_data, else input_groups) as served: what "inner" hashes. */
function innerList(schema: Record<string, unknown>): {
  key: "input_data" | "input_groups";
  list: unknown[];
} {
  if (Array.isArray(schema.input_data)) return { key: "input_data", list: schema.input_data };
  return {
    key: "input_groups",
    list: Array.isArray(schema.input_groups) ? schema.input_groups : [],
  };
}

/** `{input_data: [...]}` or `{input_groups: [...]}` in Sokosumi's normal form. */
export function normalForm(schema: Record<string, unknown>): Record<string, unknown[]> {
  const { key, list } = innerList(schema);
  return { [key]: list.map(key === "input_data" ? normalField : normalGroup) };
}

export const SCHEMA_HASH_FORMS = [
  "inner array, normal form",
  "wrapped object, normal form",
  "inner array, as served",
  "wrapped object, as served",
] as const;
export type SchemaHashForm = (typeof SCHEMA_HASH_FORMS)[number];

/** What Sokosumi sends, and what the checker sends unless a check is about the other forms. */
export const SOKOSUMI_FORM: SchemaHashForm = "inner array, normal form";

function sha256Json(value: unknown): string {
  return createHash("sha256").update(canonicalize(value), "utf8").digest("hex");
}

/** `sha256_hex(JCS(...))` of the schema in one of the four forms of spec section 4.3. */
export function inputSchemaHash(schema: Record<string, unknown>, form: SchemaHashForm = SOKOSUMI_FORM): string {
  const normal = form.endsWith("normal form");
  const wrapped = normal ? normalForm(schema) : { [innerList(schema).key]: innerList(schema).list };
  return sha256Json(form.startsWith("inner") ? Object.values(wrapped)[0] : wrapped);
}
