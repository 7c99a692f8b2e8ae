/**
 * How the Sokosumi marketplace parses each type of input field (MIP-003.md section 3): which
 * validations the type allows, which `format` values, which `data` keys survive its parser, and
 * whether `data` is required. A field carrying a validation its type does not allow makes the
 * whole schema unparseable there, so the agent could not be hired. One table, read by the schema
 * check, the validator, the normal form that `input_schema_hash` is computed over, and the types
 * of schema.ts (so a schema declared in TypeScript cannot carry what the table refuses).
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

// `const` type parameters keep the literal names, so the types in schema.ts can read this table.
function rule<
  const V extends readonly RuleName[],
  const F extends readonly string[] = readonly [],
  const D extends boolean = false,
>(
  validations: V,
  dataKeys: readonly string[],
  options: { formats?: F; dataRequired?: D } = {},
): FieldRule & { readonly validations: V; readonly formats: F; readonly dataRequired: D } {
  return {
    validations,
    dataKeys,
    formats: options.formats ?? ([] as readonly string[] as F),
    dataRequired: options.dataRequired ?? (false as D),
  };
}

const TEXT = rule([...BOUNDS, "format"], TEXT_DATA, { formats: ["nonempty", "url", "email"] });
const PLAIN_TEXT = rule([...BOUNDS, "format"], TEXT_DATA, { formats: ["nonempty"] });
const DATE = rule(BOUNDS, TEXT_DATA);

const RULES = {
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
} as const satisfies Record<FieldType, FieldRule>;

export const FIELD_RULES: Readonly<Record<FieldType, FieldRule>> = RULES;

/** The validations the table allows a field of type T (the input schema types are built on it). */
export type RuleNameOf<T extends FieldType> = (typeof RULES)[T]["validations"][number];

/** The values of `format` the table allows a field of type T. */
export type FormatOf<T extends FieldType> = (typeof RULES)[T]["formats"][number];

/** The types the marketplace refuses without `data`. */
export type DataRequiredType = {
  [T in FieldType]: (typeof RULES)[T]["dataRequired"] extends true ? T : never;
}[FieldType];
