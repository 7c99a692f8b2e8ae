/**
 * How the Sokosumi marketplace parses an input field (spec section 3): per type, the
 * validations it allows, the formats it knows, the `data` keys it keeps, and whether `data` is
 * required. Written here from the spec, apart from any generated code, so that the checker does
 * not trust the code it checks.
 */

export interface TypeRule {
  validations: readonly string[];
  /** The values a `format` validation may take (when `format` is allowed). */
  formats: readonly string[];
  /** The `data` keys Sokosumi keeps; every other key is dropped. */
  dataKeys: readonly string[];
  /** Sokosumi refuses the field without a `data` object. */
  dataRequired: boolean;
}

const LENGTH = ["optional", "min", "max"] as const;
const TEXT_DATA = ["placeholder", "description"] as const;

function rule(
  validations: readonly string[],
  dataKeys: readonly string[],
  extra: Partial<Pick<TypeRule, "formats" | "dataRequired">> = {},
): TypeRule {
  return {
    validations,
    dataKeys,
    formats: extra.formats ?? [],
    dataRequired: extra.dataRequired ?? false,
  };
}

const withFormat = (...formats: string[]) => rule([...LENGTH, "format"], TEXT_DATA, { formats });
const dated = rule(LENGTH, TEXT_DATA);
const plainText = withFormat("nonempty");

export const SOKOSUMI_TYPES: Readonly<Record<string, TypeRule>> = {
  string: withFormat("nonempty", "url", "email"),
  text: withFormat("nonempty", "url", "email"),
  email: withFormat("nonempty", "email"),
  url: withFormat("nonempty", "url"),
  textarea: plainText,
  password: plainText,
  search: plainText,
  number: withFormat("integer"),
  tel: withFormat("tel_pattern"),
  date: dated,
  "datetime-local": dated,
  time: dated,
  month: dated,
  week: dated,
  range: rule(LENGTH, ["description", "step", "default"]),
  option: rule(LENGTH, ["values", "placeholder", "description"], {
    dataRequired: true,
  }),
  radio: rule(LENGTH, ["values", "description"], { dataRequired: true }),
  multiselect: rule(LENGTH, ["values", "placeholder", "description"], {
    dataRequired: true,
  }),
  boolean: rule(["optional"], TEXT_DATA),
  checkbox: rule(["optional"], ["label", "description", "default"], {
    dataRequired: true,
  }),
  color: rule(["optional"], ["default", "description"]),
  hidden: rule(["optional"], ["value", "description"]),
  file: rule(["optional", "accept", "min", "max"], ["description", "outputFormat"]),
  none: rule([], ["description"]),
};

/** A min/max value as Sokosumi reads it: a string of digits becomes a number. */
export function normalBound(value: unknown): unknown {
  return typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;
}
