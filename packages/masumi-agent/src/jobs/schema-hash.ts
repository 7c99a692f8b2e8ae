/**
 * input_schema_hash of /provide_input (MIP-003.md 4.3): which question a buyer answers, named by
 * a hash of the schema that /status served. Clients compute it differently: Sokosumi hashes the
 * field list of the schema as its parser keeps it (the normal form below), other versions the
 * whole object, some the schema as served. An answer may carry any of the four.
 */

import { FIELD_RULES } from "./field-rules.ts";
import { canonicalJson, sha256Hex } from "./hash.ts";
import type { InputField, InputGroup, InputSchema } from "./schema.ts";

type Json = Record<string, unknown>;

/**
 * The schema as Sokosumi's parser keeps it (MIP-003.md section 3): unknown keys removed from
 * the schema, its groups, fields and validations; of `data` only the keys kept for the field's
 * type; min and max given as strings of digits turned into numbers. (A validation that the type
 * does not allow makes Sokosumi refuse the whole schema; it is left as it is here.)
 */
export function sokosumiNormalForm(schema: InputSchema): Json {
  if (schema.input_groups) return { input_groups: schema.input_groups.map(normalGroup) };
  return { input_data: (schema.input_data ?? []).map(normalField) };
}

function normalGroup(group: InputGroup): Json {
  return { id: group.id, title: group.title, input_data: group.input_data.map(normalField) };
}

function normalField(field: InputField): Json {
  const rule = FIELD_RULES[field.type];
  const normal: Json = { id: field.id, type: field.type, name: field.name };
  if (field.data !== undefined) {
    normal.data = Object.fromEntries(
      Object.entries(field.data).filter(
        ([key, value]) => rule.dataKeys.includes(key) && value !== undefined,
      ),
    );
  }
  if (field.validations !== undefined) {
    normal.validations = field.validations.map(({ validation, value }) => ({
      validation,
      value: normalValue(validation, value),
    }));
  }
  return normal;
}

/** min and max given as strings of digits are read as numbers; other values stay strings. */
function normalValue(validation: string, value: string): string | number {
  const isBound = validation === "min" || validation === "max";
  return isBound && /^\d+$/.test(value) ? Number(value) : value;
}

/**
 * The four input_schema_hash values that name `served`, the schema as /status served it:
 * sha256 of the JCS of its field (or group) list and of the whole object, each of the normal
 * form and of the schema as served. Sokosumi sends the first.
 */
export function inputSchemaHashes(served: InputSchema): string[] {
  return [sokosumiNormalForm(served), served].flatMap((schema) => [
    schemaHash(innerList(schema)),
    schemaHash(schema),
  ]);
}

function innerList(schema: Json | InputSchema): unknown {
  return "input_groups" in schema && schema.input_groups !== undefined
    ? schema.input_groups
    : schema.input_data;
}

function schemaHash(value: unknown): string {
  return sha256Hex(canonicalJson(value) ?? "null");
}
