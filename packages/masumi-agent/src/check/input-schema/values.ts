import {
  BOOLEAN_TYPES,
  CHOICE_TYPES,
  DATE_TYPES,
  NUMBER_TYPES,
  TEXT_TYPES,
  numericBound,
  type Field,
} from "./fields.js";

/**
 * Values for single fields: valid ones that respect the field's type, bounds and format, and
 * invalid ones that break exactly one of them. Choices are sent as Sokosumi sends them: option
 * and multiselect as lists of indices into `data.values`, radio as the chosen value.
 */

const SAMPLE_DATES: Record<string, string> = {
  date: "2025-06-15",
  "datetime-local": "2025-06-15T10:30",
  time: "10:30",
  month: "2025-06",
  week: "2025-W24",
};

const SAMPLE_TEXT = "conformance check ";

/** A non-blank string of exactly `length` characters. */
function textOfLength(length: number): string {
  return SAMPLE_TEXT.repeat(Math.ceil(length / SAMPLE_TEXT.length) + 1)
    .slice(0, length)
    .replace(/ $/, "k");
}

/** Text in a format (email, url, phone), padded to respect length bounds where it can be. */
function formattedText(format: string | undefined, type: string, min: number | undefined): string | undefined {
  const kind = format ?? type;
  const pad = (prefix: string, suffix: string) =>
    `${prefix}${"x".repeat(Math.max(0, (min ?? 0) - prefix.length - suffix.length))}${suffix}`;
  switch (kind) {
    case "email":
      return pad("check", "@example.com");
    case "url":
      return pad("https://example.com/", "conformance");
    case "tel":
    case "tel_pattern":
    case "tel-pattern":
      return "+14155550123";
    case "integer":
      return "42";
    default:
      return undefined;
  }
}

function validText(field: Field): string {
  const min = numericBound(field.min);
  const max = numericBound(field.max);
  const formatted = formattedText(field.format, field.type, min);
  if (formatted !== undefined) return formatted;
  const length = Math.min(Math.max(SAMPLE_TEXT.length - 1, min ?? 0), max ?? Infinity);
  return textOfLength(Math.max(1, length));
}

/** A number within the bounds, on the step grid, whole when the field asks for integers. */
function validNumber(field: Field): number {
  const min = numericBound(field.min);
  const max = numericBound(field.max);
  const whole = field.format === "integer" || (field.step !== undefined && Number.isInteger(field.step));
  const fallback = typeof field.data.default === "number" ? field.data.default : 3;
  let value = min !== undefined && max !== undefined ? (min + max) / 2 : (min ?? max ?? fallback);
  if (field.step !== undefined) value = (min ?? 0) + Math.round((value - (min ?? 0)) / field.step) * field.step;
  if (whole) value = Math.round(value);
  return Number(value.toFixed(10));
}

/** How many choices a list-valued field needs: at least one, within the count bounds. */
function choiceCount(field: Field): number {
  const min = numericBound(field.min) ?? 1;
  return Math.max(1, Math.min(min, field.values.length));
}

function fileUrl(field: Field): string {
  const extension =
    field.accept
      ?.split(",")
      .map((entry) => entry.trim())
      .find((entry) => entry.startsWith(".")) ?? ".pdf";
  return `https://example.com/conformance${extension}`;
}

/** A bound of a date-like field when it is written in the field's format, else a sample. */
function dateValue(field: Field): string | undefined {
  const sample = SAMPLE_DATES[field.type];
  const shape = (text: string) => text.replace(/\d/g, "0");
  const inFormat = (bound: string | undefined) =>
    sample !== undefined && bound !== undefined && shape(bound).startsWith(shape(sample));
  return [field.min, field.max].find(inFormat) ?? sample;
}

/**
 * A typical valid value, or undefined for a field that takes none (a hidden field without a
 * value). `choice` picks which of the choices to use, so that callers can vary it.
 */
export function validValue(field: Field, choice = 0): unknown {
  if (TEXT_TYPES.has(field.type) || ["email", "url", "tel", "search"].includes(field.type)) return validText(field);
  if (NUMBER_TYPES.has(field.type)) return validNumber(field);
  if (BOOLEAN_TYPES.has(field.type)) return false;
  if (DATE_TYPES.has(field.type)) return dateValue(field);
  if (field.type === "radio") return field.values[choice % Math.max(1, field.values.length)];
  if (CHOICE_TYPES.has(field.type)) {
    return Array.from({ length: choiceCount(field) }, (_, offset) => (choice + offset) % field.values.length);
  }
  switch (field.type) {
    case "color":
      return "#3366cc";
    case "file":
      return fileUrl(field);
    case "hidden":
      return typeof field.data.value === "string" ? field.data.value : undefined;
    default:
      // An unknown type (which a schema check reports): text is the best guess.
      return validText(field);
  }
}

/** Valid values at the field's bounds and just outside them; only for numeric-like bounds. */
export interface Boundaries {
  atMin?: unknown;
  atMax?: unknown;
  belowMin?: unknown;
  aboveMax?: unknown;
}

export function boundaries(field: Field): Boundaries {
  const min = numericBound(field.min);
  const max = numericBound(field.max);
  const result: Boundaries = {};
  if (NUMBER_TYPES.has(field.type)) {
    const step = field.step ?? 1;
    if (min !== undefined) Object.assign(result, { atMin: min, belowMin: min - step });
    if (max !== undefined) Object.assign(result, { atMax: max, aboveMax: max + step });
  } else if (TEXT_TYPES.has(field.type) && field.format === undefined) {
    // An empty string reads as "not given" to many servers, so length 0 is never used.
    if (min !== undefined && min >= 1) result.atMin = textOfLength(min);
    if (min !== undefined && min >= 2) result.belowMin = textOfLength(min - 1);
    if (max !== undefined && max >= 1)
      Object.assign(result, { atMax: textOfLength(max), aboveMax: textOfLength(max + 1) });
  } else if (field.type === "option" || field.type === "multiselect") {
    const indices = (count: number) => Array.from({ length: count }, (_, index) => index);
    const available = field.values.length;
    if (min !== undefined && min >= 1 && min <= available) result.atMin = indices(min);
    if (min !== undefined && min >= 2 && min - 1 <= available) result.belowMin = indices(min - 1);
    if (max !== undefined && max >= 1 && max <= available) result.atMax = indices(max);
    if (max !== undefined && max + 1 <= available) result.aboveMax = indices(max + 1);
  }
  return result;
}

/** A value of the wrong JSON type for the field, or undefined when the field takes no input. */
export function wrongTypeValue(field: Field): unknown {
  if (field.type === "hidden") return undefined;
  if (NUMBER_TYPES.has(field.type)) return "twelve";
  if (BOOLEAN_TYPES.has(field.type)) return "maybe";
  if (CHOICE_TYPES.has(field.type)) return { choice: 1 };
  return 12345;
}

/** Values that are not among the field's choices: an index past the end, and an unknown value. */
export function unlistedChoices(field: Field): unknown[] {
  const unknown = "not-one-of-the-values";
  if (field.type === "radio") return [unknown];
  if (field.type === "option" || field.type === "multiselect") return [[field.values.length + 7], [unknown]];
  return [];
}

/** A value of the right type in the wrong format, or undefined when the field has no format. */
export function badFormatValue(field: Field): unknown {
  if (DATE_TYPES.has(field.type)) return "31/12/2025";
  switch (field.type) {
    case "color":
      return "blue";
    case "file":
    case "url":
      return "not a url";
    case "email":
      return "not-an-email";
  }
  if (NUMBER_TYPES.has(field.type)) return field.format === "integer" ? 1.5 : undefined;
  switch (field.format) {
    case "email":
      return "not-an-email";
    case "url":
      return "not a url";
    case "tel_pattern":
    case "tel-pattern":
      return "call me maybe";
    case "nonempty":
      return "   ";
    default:
      return undefined;
  }
}
