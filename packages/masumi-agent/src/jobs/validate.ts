import {
  isOptional,
  schemaFields,
  type InputField,
  type InputSchema,
  type InputValue,
  type InputValues,
  type Validation,
} from "./schema.ts";

/** One entry of an error's `details`: which field failed and why. */
export interface FieldProblem {
  field: string;
  message: string;
}

export type ValidationResult =
  { ok: true; values: InputValues } | { ok: false; details: FieldProblem[] };

/**
 * Checks submitted input against a schema and returns the typed values for `run`: numbers as
 * numbers, choices (sent as indices or values) as the chosen values, defaults filled in. Keys
 * that are not fields of the schema are ignored; they never reach `run`.
 */
export function validateInput(
  schema: InputSchema,
  data: Readonly<Record<string, unknown>>,
): ValidationResult {
  const values: InputValues = {};
  const details: FieldProblem[] = [];
  for (const field of schemaFields(schema)) {
    if (field.type === "none") continue;
    const submitted = Object.hasOwn(data, field.id) ? data[field.id] : undefined;
    const outcome = validateField(field, submitted);
    if ("problem" in outcome) details.push({ field: field.id, message: outcome.problem });
    else if (outcome.value !== undefined) values[field.id] = outcome.value;
  }
  return details.length > 0 ? { ok: false, details } : { ok: true, values };
}

type FieldOutcome = { value: InputValue | undefined } | { problem: string };

function validateField(field: InputField, submitted: unknown): FieldOutcome {
  let raw = isBlank(submitted) ? undefined : submitted;
  if (raw === undefined && field.type === "hidden") raw = field.data?.value;
  // Marketplaces drop `data.default` from their forms (Sokosumi keeps it for range, checkbox and
  // color only), so a buyer's omitted optional field gets its default here.
  if (raw === undefined && field.data?.default !== undefined) raw = field.data.default;
  if (raw === undefined) {
    return isOptional(field) ? { value: undefined } : { problem: `${field.name} is required` };
  }
  const converted = convert(field, raw);
  if (typeof converted === "string") return { problem: `${field.name} ${converted}` };
  const broken = brokenRule(field, converted.value);
  return broken ? { problem: `${field.name} ${broken}` } : converted;
}

function isBlank(value: unknown): boolean {
  return (
    value === undefined || value === null || value === "" || (Array.isArray(value) && !value.length)
  );
}

const DATE_PATTERNS: Partial<Record<InputField["type"], RegExp>> = {
  date: /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/,
  "datetime-local":
    /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,3})?)?$/,
  time: /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,3})?)?$/,
  month: /^\d{4}-(0[1-9]|1[0-2])$/,
  week: /^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$/,
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const COLOR = /^#[0-9a-fA-F]{6}$/;

/** Converts a submitted value to the field's type; a string is the reason it cannot be. */
function convert(field: InputField, raw: unknown): { value: InputValue } | string {
  switch (field.type) {
    case "number":
    case "range": {
      const number = typeof raw === "string" && raw.trim() !== "" ? Number(raw) : raw;
      return typeof number === "number" && Number.isFinite(number)
        ? { value: number }
        : "must be a number";
    }
    case "boolean":
    case "checkbox":
      if (typeof raw === "boolean") return { value: raw };
      if (raw === "true" || raw === "false") return { value: raw === "true" };
      return "must be true or false";
    case "radio": {
      // Sokosumi sends a radio choice as a list of one index, like the choices of an option.
      const items = Array.isArray(raw) ? raw : [raw];
      if (items.length !== 1) return "must be one choice";
      const choice = resolveChoice(field.data.values, items[0]);
      return typeof choice === "string" ? { value: choice } : choice.problem;
    }
    case "option":
    case "multiselect": {
      const chosen: string[] = [];
      for (const item of Array.isArray(raw) ? raw : [raw]) {
        const choice = resolveChoice(field.data.values, item);
        if (typeof choice !== "string") return choice.problem;
        chosen.push(choice);
      }
      if (new Set(chosen).size !== chosen.length) return "must not choose a value twice";
      return { value: chosen };
    }
    case "file": {
      const items = Array.isArray(raw) ? raw : [raw];
      if (!items.every((item) => typeof item === "string" && isUrl(item))) {
        return "must be the URL of a file";
      }
      return { value: [...(items as string[])] };
    }
    default:
      return convertText(field, raw);
  }
}

function convertText(field: InputField, raw: unknown): { value: string } | string {
  if (typeof raw !== "string") return "must be a string";
  const pattern = DATE_PATTERNS[field.type];
  if (pattern && !pattern.test(raw)) return `must be a valid ${field.type} value`;
  if (field.type === "email" && !EMAIL.test(raw)) return "must be an email address";
  if (field.type === "url" && !isUrl(raw)) return "must be an http or https URL";
  if (field.type === "color" && !COLOR.test(raw)) return "must be a color like #1a2b3c";
  return { value: raw };
}

/**
 * A choice arrives as its index into `data.values` (Sokosumi sends numbers: `"task": [1]`) or as
 * the value itself (other clients). A number is always an index. A string is a value first; only
 * a string that is no value but a whole number is read as an index, for clients that send
 * everything as text. So with values ["5", "10"], "10" is the value "10" and 1 is "10" too.
 */
function resolveChoice(values: readonly string[], item: unknown): string | { problem: string } {
  if (typeof item === "string" && values.includes(item)) return item;
  const index = typeof item === "string" && /^\d+$/.test(item) ? Number(item) : item;
  if (typeof index === "number" && Number.isInteger(index)) {
    return (
      values[index] ?? {
        problem: `has no choice ${index}: the choices are 0 to ${values.length - 1} (${values.join(", ")})`,
      }
    );
  }
  return { problem: `must be chosen from: ${values.join(", ")}` };
}

function isUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

/** Digits with the usual separators, optionally with a leading +, 4 to 15 digits (E.164). */
function isPhoneNumber(value: string): boolean {
  const compact = value.replace(/[\s().-]/g, "");
  return /^\+?\d{4,15}$/.test(compact) && /^[\d\s()+.-]+$/.test(value);
}

/** The first rule the value breaks, as the end of a sentence that starts with the field name. */
function brokenRule(field: InputField, value: InputValue): string | undefined {
  const rules: readonly Validation[] = field.validations ?? [];
  for (const rule of rules) {
    const broken = breaks(field, value, rule);
    if (broken) return broken;
  }
  if (field.type === "range" && typeof value === "number" && field.data?.step !== undefined) {
    // A slider moves in steps from its minimum.
    const base = Number(rules.find((rule) => rule.validation === "min")?.value ?? 0);
    return offStep(value, field.data.step, base);
  }
  return undefined;
}

function breaks(field: InputField, value: InputValue, rule: Validation): string | undefined {
  switch (rule.validation) {
    case "min":
    case "max":
      return outOfBounds(field, value, rule.validation, rule.value);
    case "format":
      return wrongFormat(value, rule.value);
    case "accept":
      return Array.isArray(value) ? unacceptedFile(value, rule.value) : undefined;
    default:
      return undefined;
  }
}

/** min and max bound a number's value, a text's length, a choice's count or a date. */
function outOfBounds(
  field: InputField,
  value: InputValue,
  side: "min" | "max",
  ruleValue: string,
): string | undefined {
  const below = side === "min";
  if (DATE_PATTERNS[field.type] && typeof value === "string") {
    // ISO dates and times of one format sort as strings.
    const outside = below ? value < ruleValue : value > ruleValue;
    return outside ? `must not be ${below ? "before" : "after"} ${ruleValue}` : undefined;
  }
  const bound = Number(ruleValue);
  const measure =
    typeof value === "number"
      ? value
      : typeof value === "string"
        ? [...value].length
        : Array.isArray(value)
          ? value.length
          : undefined;
  if (measure === undefined || !Number.isFinite(bound)) return undefined;
  if (below ? measure >= bound : measure <= bound) return undefined;
  const limit = `${below ? "at least" : "at most"} ${bound}`;
  if (typeof value === "number") return `must be ${limit}`;
  if (typeof value === "string") return `must be ${limit} characters long`;
  return `needs ${limit} ${bound === 1 ? "choice" : "choices"}`;
}

function offStep(value: number, step: number, base: number): string | undefined {
  if (!(step > 0)) return undefined;
  const steps = (value - base) / step;
  return Math.abs(steps - Math.round(steps)) > 1e-9 ? `must be a multiple of ${step}` : undefined;
}

function wrongFormat(value: InputValue, format: string): string | undefined {
  switch (format) {
    case "email":
      return typeof value === "string" && !EMAIL.test(value)
        ? "must be an email address"
        : undefined;
    case "url":
      return typeof value === "string" && !isUrl(value)
        ? "must be an http or https URL"
        : undefined;
    case "nonempty":
      return (typeof value === "string" && value.trim() === "") ||
        (Array.isArray(value) && value.length === 0)
        ? "must not be empty"
        : undefined;
    case "integer":
      return typeof value === "number" && !Number.isInteger(value)
        ? "must be a whole number"
        : undefined;
    case "tel_pattern":
      return typeof value === "string" && !isPhoneNumber(value)
        ? "must be a phone number"
        : undefined;
    default:
      return undefined;
  }
}

/** Only extensions can be checked on a URL; MIME types such as image/* are left to the agent. */
function unacceptedFile(urls: readonly string[], accept: string): string | undefined {
  const entries = accept.split(",").map((entry) => entry.trim().toLowerCase());
  if (entries.some((entry) => !entry.startsWith("."))) return undefined;
  const accepted = (url: string) =>
    entries.some((extension) => new URL(url).pathname.toLowerCase().endsWith(extension));
  return urls.every(accepted) ? undefined : `must be a file of type ${entries.join(", ")}`;
}
