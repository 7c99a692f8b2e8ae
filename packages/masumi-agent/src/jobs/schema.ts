/**
 * The input schema of MIP-003 (Attachment 01): the fields a job takes, as /input_schema serves
 * them and as `ctx.requestInput` asks for more. The types refuse, at compile time, what the
 * marketplace's rules (FIELD_RULES) refuse and types can say; `schemaProblems` checks the rest
 * when the agent starts. The types also infer the shape of the validated input, so `run(input)`
 * in src/agent.ts is typed from the schema it declares.
 */

import {
  FIELD_RULES,
  type DataRequiredType,
  type FormatOf,
  type RuleNameOf,
} from "./field-rules.ts";

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

type DateType = "date" | "datetime-local" | "time" | "month" | "week";

/**
 * A bound: for dates and times a date or time, for every other type a whole number (a length,
 * a count, a number's bound). The types let "-1" through; schemaProblems wants it >= 0.
 */
type Bound<T extends FieldType> = T extends DateType ? string : `${bigint}`;

/** The values a validation takes, by name: strings, as on the wire. */
interface ValidationValues<T extends FieldType> {
  readonly optional: "true" | "false";
  readonly min: Bound<T>;
  readonly max: Bound<T>;
  readonly format: FormatOf<T>;
  /** File extensions or MIME types, comma separated: ".pdf,.txt". */
  readonly accept: string;
}

/**
 * A validation a field of type T may carry, as FIELD_RULES allows it: `format` only where the
 * type takes one and only with its formats, nothing at all on `none`, and never `step` (a range
 * takes `data.step`). All validations of a field must hold.
 */
export type ValidationOf<T extends FieldType> = {
  [N in RuleNameOf<T>]: { readonly validation: N; readonly value: ValidationValues<T>[N] };
}[RuleNameOf<T>];

export type Validation = ValidationOf<FieldType>;

export type DefaultValue = string | number | boolean | readonly string[];

/** Every key `data` may have; which of them a type needs is said by `FieldOf`. */
export interface FieldData {
  readonly description?: string;
  readonly placeholder?: string;
  readonly label?: string;
  /**
   * Used for an optional field the buyer left out. Marketplaces drop it from the form of most
   * types (Sokosumi keeps it for range, checkbox and color), so the agent fills it in itself.
   */
  readonly default?: DefaultValue;
  /** The choices of `option`, `radio` and `multiselect` fields. */
  readonly values?: readonly string[];
  /** The step of a `range` slider; its bounds are `min` and `max` validations. */
  readonly step?: number;
  /** `file` fields deliver a URL. */
  readonly outputFormat?: "url";
  /** The fixed value of a `hidden` field. */
  readonly value?: string;
}

type ChoiceType = "option" | "radio" | "multiselect";

type DefaultOf<T extends FieldType> = T extends "number" | "range"
  ? number
  : T extends "boolean" | "checkbox"
    ? boolean
    : T extends "option" | "multiselect" | "file"
      ? readonly string[]
      : string;

type DataOf<T extends FieldType> = FieldData & {
  readonly default?: DefaultOf<T>;
} & (T extends ChoiceType
    ? { readonly values: readonly [string, ...string[]] }
    : T extends "file"
      ? { readonly outputFormat: "url" }
      : T extends "hidden"
        ? { readonly value: string }
        : unknown);

/** A field of type T: the validations its type allows, and `data` where the type needs it. */
export type FieldOf<T extends FieldType> = {
  readonly id: string;
  readonly type: T;
  readonly name: string;
  readonly validations?: readonly ValidationOf<T>[];
} & (T extends DataRequiredType | "hidden"
  ? { readonly data: DataOf<T> }
  : { readonly data?: DataOf<T> });

export type InputField = { [T in FieldType]: FieldOf<T> }[FieldType];

export interface InputGroup {
  readonly id: string;
  readonly title: string;
  readonly input_data: readonly InputField[];
}

/** Exactly one of `input_data` or `input_groups`, never both. */
export type InputSchema =
  | { readonly input_data: readonly InputField[]; readonly input_groups?: never }
  | { readonly input_groups: readonly InputGroup[]; readonly input_data?: never };

/**
 * A schema as it may be at run time, before `schemaProblems` has looked at it: built in
 * JavaScript, read from JSON or cast past the types above.
 */
export interface UncheckedField {
  readonly id: string;
  readonly type: string;
  readonly name: string;
  readonly data?: FieldData;
  readonly validations?: readonly { readonly validation: string; readonly value: string }[];
}

export interface UncheckedSchema {
  readonly input_data?: readonly UncheckedField[];
  readonly input_groups?: readonly {
    readonly id: string;
    readonly title: string;
    readonly input_data: readonly UncheckedField[];
  }[];
}

/** A validated value: choices are the chosen values (not indices), files a list of URLs. */
export type InputValue = string | number | boolean | string[];

export type InputValues = Record<string, InputValue | undefined>;

/** The choices of a field declared `as const`, as a union of their literals. */
type ChoiceOf<F> = F extends {
  readonly data: { readonly values: readonly (infer V extends string)[] };
}
  ? V
  : string;

type Digit = "1" | "2" | "3" | "4" | "5" | "6" | "7" | "8" | "9";

/** Whether a `min` validation of 1 or more guarantees at least one item. */
type NeedsOne<F> = F extends { readonly validations: readonly (infer V)[] }
  ? [Extract<V, { readonly validation: "min"; readonly value: `${Digit}${string}` }>] extends [
      never,
    ]
    ? false
    : true
  : false;

type ListOf<F, Item> = NeedsOne<F> extends true ? [Item, ...Item[]] : Item[];

type ValueOf<F> = F extends { readonly type: infer T }
  ? T extends "number" | "range"
    ? number
    : T extends "boolean" | "checkbox"
      ? boolean
      : T extends "radio"
        ? ChoiceOf<F>
        : T extends "option" | "multiselect"
          ? ListOf<F, ChoiceOf<F>>
          : T extends "file"
            ? ListOf<F, string>
            : string
  : never;

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
 * The validated input of a schema declared `as const`, by field id: numbers as numbers, a radio
 * field as one of its values, option and multiselect fields as lists of their values (never
 * empty when a `min` validation asks for at least one). Optional fields without a default may
 * be undefined.
 */
export type InputOf<S extends InputSchema> = {
  [F in FieldsOf<S> as F extends { readonly type: "none" } ? never : F["id"]]: F extends InputField
    ? [IsOptional<F>, HasDefault<F>] extends [true, false]
      ? ValueOf<F> | undefined
      : ValueOf<F>
    : never;
};

/** All fields of a schema, with the fields of every group flattened into one list. */
export function schemaFields<F>(schema: {
  readonly input_data?: readonly F[];
  readonly input_groups?: readonly { readonly input_data: readonly F[] }[];
}): readonly F[] {
  if (schema.input_groups) return schema.input_groups.flatMap((group) => group.input_data);
  return schema.input_data ?? [];
}

export function isOptional(field: Pick<UncheckedField, "validations">): boolean {
  return (field.validations ?? []).some(
    (rule) => rule.validation === "optional" && rule.value === "true",
  );
}

const CHOICE_TYPES: ReadonlySet<string> = new Set<ChoiceType>(["option", "radio", "multiselect"]);
const DATE_TYPES: ReadonlySet<string> = new Set<DateType>([
  "date",
  "datetime-local",
  "time",
  "month",
  "week",
]);

/**
 * What a marketplace would refuse the schema for (Sokosumi refuses the whole schema for one
 * field it cannot parse: MIP-003.md section 3, FIELD_RULES), plus rules this server could not
 * apply; one line per problem. Empty when the schema is usable.
 */
export function schemaProblems(schema: UncheckedSchema): string[] {
  const hasData = schema.input_data !== undefined;
  const hasGroups = schema.input_groups !== undefined;
  if (hasData === hasGroups) {
    return ["the schema needs exactly one of input_data or input_groups"];
  }
  const problems: string[] = [];
  const groupIds = new Set<string>();
  for (const group of schema.input_groups ?? []) {
    if (!group.id || !group.title) problems.push("every input group needs an id and a title");
    if (groupIds.has(group.id)) problems.push(`input group id "${group.id}" is used twice`);
    groupIds.add(group.id);
  }
  const fieldIds = new Set<string>();
  for (const field of schemaFields(schema)) {
    if (!field.id) problems.push("every field needs an id");
    if (fieldIds.has(field.id)) problems.push(`field "${field.id}": the id is used twice`);
    fieldIds.add(field.id);
    problems.push(...fieldProblems(field).map((problem) => `field "${field.id}": ${problem}`));
  }
  return problems;
}

function isFieldType(type: string): type is FieldType {
  return (FIELD_TYPES as readonly string[]).includes(type);
}

function fieldProblems(field: UncheckedField): string[] {
  const problems: string[] = [];
  if (!field.name) problems.push("a name is required");
  if (!isFieldType(field.type)) return [...problems, `unknown type "${field.type}"`];
  const rules = FIELD_RULES[field.type];
  const data = field.data;
  if (rules.dataRequired && data === undefined) problems.push(`type ${field.type} needs data`);
  if (CHOICE_TYPES.has(field.type)) problems.push(...choiceProblems(data?.values));
  if (field.type === "file" && data?.outputFormat !== "url") {
    problems.push('file fields need data.outputFormat "url"');
  }
  if (field.type === "hidden" && data?.value === undefined) {
    problems.push("hidden fields need data.value");
  }
  if (field.type === "range" && data?.step !== undefined && !(data.step >= 0)) {
    problems.push("data.step must be a number >= 0");
  }
  for (const rule of field.validations ?? []) {
    problems.push(...validationProblems(field.type, rule));
  }
  return problems;
}

function choiceProblems(values: unknown): string[] {
  if (!Array.isArray(values) || values.length === 0) return ["data.values must list the choices"];
  const problems: string[] = [];
  if (!values.every((value) => typeof value === "string" && value !== "")) {
    problems.push("data.values must be non-empty strings");
  }
  if (new Set(values).size !== values.length) problems.push("data.values must be unique");
  return problems;
}

function validationProblems(
  type: FieldType,
  rule: { readonly validation: string; readonly value: string },
): string[] {
  const { validations, formats } = FIELD_RULES[type];
  const name = rule.validation;
  if (name === "step") {
    return [`step is not a validation${type === "range" ? " (a range takes data.step)" : ""}`];
  }
  if (!(validations as readonly string[]).includes(name)) {
    if (validations.length === 0) return [`type ${type} takes no validations`];
    return [`type ${type} takes no "${name}" validation (only ${validations.join(", ")})`];
  }
  switch (name) {
    case "format":
      return formats.includes(rule.value)
        ? []
        : [`type ${type} takes no format "${rule.value}" (only ${formats.join(", ")})`];
    case "optional":
      return rule.value === "true" || rule.value === "false"
        ? []
        : ['optional must be "true" or "false"'];
    case "min":
    case "max":
      return boundProblems(type, name, rule.value);
    default:
      return [];
  }
}

/**
 * The marketplace reads a bound as a whole number >= 0 (a string of digits) or as a non-empty
 * string; only dates and times have a use for the string, every other bound is a number.
 */
function boundProblems(type: FieldType, name: string, value: string): string[] {
  if (DATE_TYPES.has(type)) return value.trim() === "" ? [`${name} must not be empty`] : [];
  return /^\d+$/.test(value) ? [] : [`${name} must be a whole number >= 0, not "${value}"`];
}
