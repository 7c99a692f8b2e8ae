/**
 * How the Sokosumi marketplace parses each type of input field (MIP-003.md section 3): which
 * validations the type allows, which `format` values, which `data` keys survive its parser, and
 * whether `data` is required. A field carrying a validation its type does not allow makes the
 * whole schema unparseable there, so the agent could not be hired. One table, read by the schema
 * check, the validator and the normal form that `input_schema_hash` is computed over.
 */

import type { FieldType } from "./schema.ts";

export type RuleName = "optional" | "min" | "max" | "format" | "accept";

export interface FieldRule {
  readonly validations: readonly RuleName[];
  /** The values `format` may take, when the type allows `format`. */
  readonly formats: readonly string[];
  /** The keys of `data` the marketplace keeps; it strips every other one. */
  readonly dataKeys: readonly string[];
  /** Whether the marketplace refuses the field without `data`. */
  readonly dataRequired: boolean;
}

const TEXT_DATA = ["placeholder", "description"] as const;
const BOUNDS = ["optional", "min", "max"] as const;

function rule(
  validations: readonly RuleName[],
  dataKeys: readonly string[],
  options: { formats?: readonly string[]; dataRequired?: boolean } = {},
): FieldRule {
  return {
    validations,
    dataKeys,
    formats: options.formats ?? [],
    dataRequired: options.dataRequired ?? false,
  };
}

const TEXT = rule([...BOUNDS, "format"], TEXT_DATA, { formats: ["nonempty", "url", "email"] });
const PLAIN_TEXT = rule([...BOUNDS, "format"], TEXT_DATA, { formats: ["nonempty"] });
const DATE = rule(BOUNDS, TEXT_DATA);

export const FIELD_RULES: Readonly<Record<FieldType, FieldRule>> = {
  string: TEXT,
  text: TEXT,
  email: rule([...BOUNDS, "format"], TEXT_DATA, { formats: ["nonempty", "email"] }),
  url: rule([...BOUNDS, "format"], TEXT_DATA, { formats: ["nonempty", "url"] }),
  textarea: PLAIN_TEXT,
  password: PLAIN_TEXT,
  search: PLAIN_TEXT,
  number: rule([...BOUNDS, "format"], TEXT_DATA, { formats: ["integer"] }),
  tel: rule([...BOUNDS, "format"], TEXT_DATA, { formats: ["tel_pattern"] }),
  date: DATE,
  "datetime-local": DATE,
  time: DATE,
  month: DATE,
  week: DATE,
  range: rule(BOUNDS, ["description", "step", "default"]),
  option: rule(BOUNDS, ["values", "placeholder", "description"], { dataRequired: true }),
  radio: rule(BOUNDS, ["values", "description"], { dataRequired: true }),
  multiselect: rule(BOUNDS, ["values", "placeholder", "description"], { dataRequired: true }),
  boolean: rule(["optional"], TEXT_DATA),
  checkbox: rule(["optional"], ["label", "description", "default"], { dataRequired: true }),
  color: rule(["optional"], ["default", "description"]),
  hidden: rule(["optional"], ["value", "description"]),
  file: rule(["optional", "accept", "min", "max"], ["description", "outputFormat"], {
    dataRequired: true,
  }),
  none: rule([], ["description"]),
};
