/**
 * Input fields of MIP-003 Attachment 01 as the checker reads them: leniently, so that one
 * malformed detail (which a schema check reports) does not stop every other check.
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

export const VALIDATION_NAMES = ["min", "max", "format", "optional", "accept", "step"] as const;

/** `tel-pattern` is how the MIP text writes it; the marketplace accepts `tel_pattern`. */
export const FORMATS = ["email", "url", "nonempty", "integer", "tel_pattern", "tel-pattern"] as const;

/** Fields whose value is picked from `data.values`. */
export const CHOICE_TYPES: ReadonlySet<string> = new Set(["option", "radio", "multiselect"]);
export const TEXT_TYPES: ReadonlySet<string> = new Set(["string", "text", "textarea", "search", "password"]);
export const NUMBER_TYPES: ReadonlySet<string> = new Set(["number", "range"]);
export const BOOLEAN_TYPES: ReadonlySet<string> = new Set(["boolean", "checkbox"]);
/** Types whose value is a string of a fixed format (ISO dates, colours). */
export const DATE_TYPES: ReadonlySet<string> = new Set(["date", "datetime-local", "time", "month", "week"]);

export interface Field {
  id: string;
  type: string;
  optional: boolean;
  /** A front end pre-fills the default, and a server may apply it to a missing value. */
  hasDefault: boolean;
  /** The choices of option, radio and multiselect fields. */
  values: string[];
  /** Bounds as written (`min`/`max` validations, and `data.min`/`data.max` of a range). */
  min?: string;
  max?: string;
  format?: string;
  step?: number;
  /** The `accept` validation of a file field, such as `.pdf,.txt`. */
  accept?: string;
  data: Record<string, unknown>;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The raw field entries of a schema, with the fields of every group flattened into one list. */
export function rawFields(schema: unknown): unknown[] {
  if (!isObject(schema)) return [];
  const fields: unknown[] = Array.isArray(schema.input_data) ? [...schema.input_data] : [];
  if (Array.isArray(schema.input_groups)) {
    for (const group of schema.input_groups) {
      if (isObject(group) && Array.isArray(group.input_data)) fields.push(...group.input_data);
    }
  }
  return fields;
}

function ruleValue(rule: unknown): string | undefined {
  if (!isObject(rule) || rule.value === undefined || rule.value === null) return undefined;
  return String(rule.value);
}

/** A field the checker can fill, or undefined when the entry has no usable id and type. */
export function readField(raw: unknown): Field | undefined {
  if (!isObject(raw) || typeof raw.id !== "string" || raw.id === "" || typeof raw.type !== "string") {
    return undefined;
  }
  const data = isObject(raw.data) ? raw.data : {};
  const field: Field = {
    id: raw.id,
    type: raw.type,
    optional: false,
    hasDefault: data.default !== undefined && data.default !== null,
    values: Array.isArray(data.values) ? data.values.filter((value): value is string => typeof value === "string") : [],
    data,
  };
  if (raw.type === "range") {
    if (typeof data.min === "number") field.min = String(data.min);
    if (typeof data.max === "number") field.max = String(data.max);
    if (typeof data.step === "number") field.step = data.step;
  }
  for (const rule of Array.isArray(raw.validations) ? raw.validations : []) {
    const value = ruleValue(rule);
    if (value === undefined || !isObject(rule)) continue;
    switch (rule.validation) {
      case "optional":
        field.optional = value === "true";
        break;
      case "min":
        // Of two bounds, the tighter one applies (both must hold).
        field.min = tighter(field.min, value, Math.max);
        break;
      case "max":
        field.max = tighter(field.max, value, Math.min);
        break;
      case "format":
        field.format = value;
        break;
      case "step":
        if (Number(value) > 0) field.step = Number(value);
        break;
      case "accept":
        field.accept = value;
        break;
    }
  }
  return field;
}

function tighter(current: string | undefined, next: string, pick: (a: number, b: number) => number): string {
  if (current === undefined || !Number.isFinite(Number(current)) || !Number.isFinite(Number(next))) return next;
  return String(pick(Number(current), Number(next)));
}

/** The fields a client fills: every readable field except display-only `none` fields. */
export function inputFields(schema: unknown): Field[] {
  return rawFields(schema)
    .map(readField)
    .filter((field): field is Field => field !== undefined && field.type !== "none");
}

/** A bound as a number, for types whose bounds are numbers (lengths, values, counts). */
export function numericBound(bound: string | undefined): number | undefined {
  if (bound === undefined || bound.trim() === "") return undefined;
  const value = Number(bound);
  return Number.isFinite(value) ? value : undefined;
}
