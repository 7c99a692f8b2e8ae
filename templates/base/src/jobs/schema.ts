/**
 * The input schema of MIP-003 (Attachment 01): the fields a job takes, as /input_schema serves
 * them and as `ctx.requestInput` asks for more. The types also infer the shape of the validated
 * input, so `run(input)` in src/agent.ts is typed from the schema it declares.
 */

export const FIELD_TYPES = [
  "none",
  "string",
  "text",
  "textarea",
  "number",
  "boolean",
  "email",
  "password",
  "tel",
  "url",
  "date",
  "datetime-local",
  "time",
  "month",
  "week",
  "color",
  "range",
  "file",
  "hidden",
  "search",
  "checkbox",
  "radio",
  "option",
  "multiselect",
] as const;

export type FieldType = (typeof FIELD_TYPES)[number];

export const VALIDATION_NAMES = ["min", "max", "format", "optional", "accept", "step"] as const;

export type ValidationName = (typeof VALIDATION_NAMES)[number];

/** One rule; all rules of a field must hold. Values are strings, as on the wire. */
export interface Validation {
  readonly validation: ValidationName;
  readonly value: string;
}

export type DefaultValue = string | number | boolean | readonly string[];

export interface FieldData {
  readonly description?: string;
  readonly placeholder?: string;
  readonly label?: string;
  readonly default?: DefaultValue;
  /** The choices of `option`, `radio` and `multiselect` fields. */
  readonly values?: readonly string[];
  /** Bounds and step of a `range` slider. */
  readonly min?: number;
  readonly max?: number;
  readonly step?: number;
  /** `file` fields deliver a URL. */
  readonly outputFormat?: "url";
  /** The fixed value of a `hidden` field. */
  readonly value?: string;
}

export interface InputField {
  readonly id: string;
  readonly type: FieldType;
  readonly name: string;
  readonly data?: FieldData;
  readonly validations?: readonly Validation[];
}

export interface InputGroup {
  readonly id: string;
  readonly title: string;
  readonly input_data: readonly InputField[];
}

/** Exactly one of `input_data` or `input_groups`, never both. */
export type InputSchema =
  | { readonly input_data: readonly InputField[]; readonly input_groups?: never }
  | { readonly input_groups: readonly InputGroup[]; readonly input_data?: never };

/** A validated value: option, multiselect and file fields yield the list of chosen values. */
export type InputValue = string | number | boolean | string[];

export type InputValues = Record<string, InputValue | undefined>;

type ValueOf<T extends FieldType> = T extends "number" | "range"
  ? number
  : T extends "boolean" | "checkbox"
    ? boolean
    : T extends "option" | "multiselect" | "file"
      ? string[]
      : string;

type IsOptional<F> = F extends { readonly validations: readonly (infer V)[] }
  ? [Extract<V, { readonly validation: "optional"; readonly value: "true" }>] extends [never]
    ? false
    : true
  : false;

type HasDefault<F> = F extends { readonly data: { readonly default: DefaultValue } } ? true : false;

type FieldsOf<S> = S extends { readonly input_data: readonly (infer F)[] }
  ? F
  : S extends { readonly input_groups: readonly (infer G)[] }
    ? G extends { readonly input_data: readonly (infer F)[] }
      ? F
      : never
    : never;

/**
 * The validated input of a schema declared `as const`, by field id. Optional fields without a
 * default may be undefined.
 */
export type InputOf<S extends InputSchema> = {
  [F in FieldsOf<S> as F extends { readonly type: "none" } ? never : F["id"]]: F extends InputField
    ? [IsOptional<F>, HasDefault<F>] extends [true, false]
      ? ValueOf<F["type"]> | undefined
      : ValueOf<F["type"]>
    : never;
};

/** All fields of a schema, with the fields of every group flattened into one list. */
export function schemaFields(schema: InputSchema): readonly InputField[] {
  if (schema.input_groups) return schema.input_groups.flatMap((group) => group.input_data);
  return schema.input_data ?? [];
}

export function isOptional(field: InputField): boolean {
  return (field.validations ?? []).some(
    (rule) => rule.validation === "optional" && rule.value === "true",
  );
}

const CHOICE_TYPES: ReadonlySet<FieldType> = new Set(["option", "radio", "multiselect"]);
const DATE_TYPES: ReadonlySet<FieldType> = new Set([
  "date",
  "datetime-local",
  "time",
  "month",
  "week",
]);
const FORMATS = new Set(["email", "url", "nonempty", "integer", "tel_pattern", "tel-pattern"]);

/**
 * The mistakes in a schema that a marketplace would reject it for (Sokosumi checks names, unique
 * ids and `input_data` xor `input_groups`), plus rules this server could not apply. Empty when
 * the schema is usable.
 */
export function schemaProblems(schema: InputSchema): string[] {
  const problems: string[] = [];
  const hasData = schema.input_data !== undefined;
  const hasGroups = schema.input_groups !== undefined;
  if (hasData === hasGroups) {
    return ["the schema needs exactly one of input_data or input_groups"];
  }
  const groupIds = new Set<string>();
  for (const group of schema.input_groups ?? []) {
    if (!group.id || !group.title) problems.push("every input group needs an id and a title");
    if (groupIds.has(group.id)) problems.push(`input group id "${group.id}" is used twice`);
    groupIds.add(group.id);
  }
  const fieldIds = new Set<string>();
  for (const field of schemaFields(schema)) {
    const label = `field "${field.id}"`;
    if (!field.id) problems.push("every field needs an id");
    if (fieldIds.has(field.id)) problems.push(`${label}: the id is used twice`);
    fieldIds.add(field.id);
    if (!field.name) problems.push(`${label}: a name is required`);
    if (!FIELD_TYPES.includes(field.type)) problems.push(`${label}: unknown type "${field.type}"`);
    if (CHOICE_TYPES.has(field.type)) {
      const values = field.data?.values ?? [];
      if (values.length === 0) problems.push(`${label}: data.values must list the choices`);
      if (new Set(values).size !== values.length) {
        problems.push(`${label}: data.values must be unique`);
      }
    }
    if (field.type === "file" && field.data?.outputFormat !== "url") {
      problems.push(`${label}: file fields need data.outputFormat "url"`);
    }
    if (field.type === "hidden" && field.data?.value === undefined) {
      problems.push(`${label}: hidden fields need data.value`);
    }
    for (const rule of field.validations ?? []) {
      if (!VALIDATION_NAMES.includes(rule.validation)) {
        problems.push(`${label}: unknown validation "${rule.validation}"`);
      } else if (rule.validation === "format" && !FORMATS.has(rule.value)) {
        problems.push(`${label}: unknown format "${rule.value}"`);
      } else if (
        rule.validation === "optional" &&
        rule.value !== "true" &&
        rule.value !== "false"
      ) {
        problems.push(`${label}: optional must be "true" or "false"`);
      } else if (isBound(rule) && !DATE_TYPES.has(field.type) && !isNumeric(rule.value)) {
        problems.push(`${label}: ${rule.validation} must be a number, not "${rule.value}"`);
      }
    }
  }
  return problems;
}

function isBound(rule: Validation): boolean {
  return rule.validation === "min" || rule.validation === "max" || rule.validation === "step";
}

function isNumeric(value: string): boolean {
  return value.trim() !== "" && Number.isFinite(Number(value));
}
