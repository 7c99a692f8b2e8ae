import { DATE_TYPES, FIELD_TYPES, FORMATS, VALIDATION_NAMES, isObject, rawFields } from "./fields.js";
import { SOKOSUMI_TYPES } from "./sokosumi-rules.js";

/**
 * What can be wrong with an input schema, one finder per rule, so that each schema check owns
 * exactly one rule. Every finder takes the schema as it came over the wire and returns the
 * problems it sees (empty when the rule holds).
 */
export type ProblemFinder = (schema: unknown) => string[];

function label(field: unknown, index: number): string {
  return isObject(field) && typeof field.id === "string" ? `field "${field.id}"` : `field #${index + 1}`;
}

/** Runs `check` for every field and collects its problems, each prefixed with the field. */
function perField(check: (field: Record<string, unknown>) => string | undefined): ProblemFinder {
  return (schema) =>
    rawFields(schema).flatMap((field, index) => {
      if (!isObject(field)) return [];
      const problem = check(field);
      return problem ? [`${label(field, index)}: ${problem}`] : [];
    });
}

export const hasFieldList: ProblemFinder = (schema) => {
  if (!isObject(schema)) return ["the answer is not a JSON object"];
  const lists = ["input_data", "input_groups"].filter((key) => schema[key] !== undefined);
  if (lists.length === 0) return ["neither input_data nor input_groups is present"];
  return lists.filter((key) => !Array.isArray(schema[key])).map((key) => `${key} is not an array`);
};

export const notBothLists: ProblemFinder = (schema) =>
  isObject(schema) && schema.input_data !== undefined && schema.input_groups !== undefined
    ? ["both input_data and input_groups are present"]
    : [];

export const wellFormedGroups: ProblemFinder = (schema) => {
  if (!isObject(schema) || !Array.isArray(schema.input_groups)) return [];
  const problems: string[] = [];
  const ids = new Set<string>();
  schema.input_groups.forEach((group, index) => {
    const name = isObject(group) && typeof group.id === "string" ? `group "${group.id}"` : `group #${index + 1}`;
    if (!isObject(group)) return problems.push(`${name} is not an object`);
    if (typeof group.id !== "string" || group.id === "") problems.push(`${name} has no id`);
    if (typeof group.title !== "string" || group.title === "") problems.push(`${name} has no title`);
    if (!Array.isArray(group.input_data)) problems.push(`${name} has no input_data list`);
    if (typeof group.id === "string" && ids.has(group.id)) problems.push(`${name}: the id is used twice`);
    if (typeof group.id === "string") ids.add(group.id);
  });
  return problems;
};

export const fieldsHaveIdAndType: ProblemFinder = (schema) =>
  rawFields(schema).flatMap((field, index) => {
    if (!isObject(field)) return [`${label(field, index)} is not an object`];
    const missing = ["id", "type"].filter((key) => typeof field[key] !== "string" || field[key] === "");
    return missing.length ? [`${label(field, index)} has no ${missing.join(" and no ")}`] : [];
  });

export const fieldsHaveNames = perField((field) =>
  typeof field.name === "string" && field.name.trim() !== "" ? undefined : "has no name",
);

export const uniqueFieldIds: ProblemFinder = (schema) => {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const field of rawFields(schema)) {
    if (!isObject(field) || typeof field.id !== "string") continue;
    if (seen.has(field.id)) repeated.add(field.id);
    seen.add(field.id);
  }
  return [...repeated].map((id) => `the id "${id}" is used by more than one field`);
};

const KNOWN_TYPES: ReadonlySet<string> = new Set(FIELD_TYPES);

export const knownFieldTypes = perField((field) =>
  typeof field.type !== "string" || KNOWN_TYPES.has(field.type) ? undefined : `unknown type "${field.type}"`,
);

/**
 * The data Attachment 01 asks for beyond what the marketplace requires (sokosumiData owns that):
 * a hidden field's value, a file's outputFormat "url", numeric range bounds.
 */
export const typeDataPresent = perField((field) => {
  const data = field.data;
  switch (field.type) {
    case "file":
      return !isObject(data) || data.outputFormat === undefined || data.outputFormat === "url"
        ? undefined
        : 'file fields need data.outputFormat "url"';
    case "hidden":
      return isObject(data) && typeof data.value === "string" ? undefined : "hidden fields need data.value";
    case "range": {
      if (!isObject(data)) return undefined;
      const notNumber = ["min", "max", "step"].filter(
        (key) => data[key] !== undefined && typeof data[key] !== "number",
      );
      if (notNumber.length) return `data.${notNumber.join(", data.")} must be numbers`;
      return typeof data.min === "number" && typeof data.max === "number" && data.min > data.max
        ? "data.min is greater than data.max"
        : undefined;
    }
    default:
      return undefined;
  }
});

const KNOWN_VALIDATIONS: ReadonlySet<string> = new Set(VALIDATION_NAMES);
const KNOWN_FORMATS: ReadonlySet<string> = new Set(FORMATS);

function validationProblem(field: Record<string, unknown>, rule: unknown): string | undefined {
  if (!isObject(rule)) return "a validation is not an object";
  const { validation, value } = rule;
  if (typeof validation !== "string" || !KNOWN_VALIDATIONS.has(validation)) {
    return `unknown validation ${JSON.stringify(validation)}`;
  }
  if (typeof value !== "string") return `the value of "${validation}" must be a string, not ${JSON.stringify(value)}`;
  switch (validation) {
    case "optional":
      return value === "true" || value === "false" ? undefined : `optional must be "true" or "false", not "${value}"`;
    case "format":
      return KNOWN_FORMATS.has(value) ? undefined : `unknown format "${value}"`;
    case "min":
    case "max":
    case "step":
      // Dates and times carry bounds in their own format; every other bound is a number.
      if (typeof field.type === "string" && DATE_TYPES.has(field.type)) return undefined;
      return value.trim() !== "" && Number.isFinite(Number(value))
        ? undefined
        : `${validation} must be a number, not "${value}"`;
    default:
      return undefined;
  }
}

/** The number a min or max rule sets; NaN (which compares false) when there is none. */
function boundOf(rules: unknown[], name: string): number {
  const rule = rules.find((candidate) => isObject(candidate) && candidate.validation === name);
  return isObject(rule) && typeof rule.value === "string" ? Number(rule.value) : NaN;
}

export const wellFormedValidations: ProblemFinder = (schema) =>
  rawFields(schema).flatMap((field, index) => {
    if (!isObject(field) || field.validations === undefined) return [];
    if (!Array.isArray(field.validations)) return [`${label(field, index)}: validations must be a list`];
    const problems = field.validations
      .map((rule) => validationProblem(field, rule))
      .filter((problem): problem is string => problem !== undefined);
    const rules: unknown[] = field.validations;
    if (boundOf(rules, "min") > boundOf(rules, "max")) problems.push("min is greater than max");
    return problems.map((problem) => `${label(field, index)}: ${problem}`);
  });

/**
 * Validations as Sokosumi parses them (spec section 3): a known validation or format that the
 * field's type does not allow, or a numeric bound that is not a whole number >= 0, makes the
 * whole schema unparseable. Unknown names and formats are wellFormedValidations' to report.
 */
export const sokosumiValidations = perField((field) => {
  const rule = typeof field.type === "string" ? SOKOSUMI_TYPES[field.type] : undefined;
  if (!rule || !Array.isArray(field.validations)) return undefined;
  const problems: string[] = [];
  for (const entry of field.validations) {
    if (!isObject(entry) || typeof entry.validation !== "string" || !KNOWN_VALIDATIONS.has(entry.validation)) continue;
    const { validation, value } = entry;
    if (!rule.validations.includes(validation)) {
      problems.push(`${field.type} fields do not allow the validation "${validation}"`);
    } else if (validation === "format" && typeof value === "string" && KNOWN_FORMATS.has(value)) {
      if (!rule.formats.includes(value)) problems.push(`${field.type} fields do not allow format "${value}"`);
    } else if ((validation === "min" || validation === "max") && typeof value === "number") {
      if (!Number.isInteger(value) || value < 0) problems.push(`${validation} ${value} is not a whole number >= 0`);
    }
  }
  return problems.length ? problems.join(", ") : undefined;
});

function uniqueList(values: unknown[]): boolean {
  return new Set(values.map((value) => JSON.stringify(value))).size === values.length;
}

/** The data Sokosumi requires (spec section 3): choices listed, a checkbox's data, a file's outputFormat. */
export const sokosumiData = perField((field) => {
  const rule = typeof field.type === "string" ? SOKOSUMI_TYPES[field.type] : undefined;
  if (!rule) return undefined;
  const data = field.data;
  if (!isObject(data)) return rule.dataRequired ? `${field.type} fields need a data object` : undefined;
  const values = data.values;
  switch (field.type) {
    case "option":
    case "radio":
    case "multiselect":
      if (!Array.isArray(values) || values.length === 0) return "data.values must list the choices";
      if (field.type === "radio" && !values.every((value) => typeof value === "string" && value !== ""))
        return "data.values must be non-empty strings";
      return field.type === "multiselect" || uniqueList(values) ? undefined : "data.values must be unique";
    case "file":
      return data.outputFormat === undefined ? "file fields need data.outputFormat" : undefined;
    case "range":
      if (data.step !== undefined && !(typeof data.step === "number" && data.step >= 0))
        return "data.step must be a number >= 0";
      return data.default === undefined || typeof data.default === "number"
        ? undefined
        : "data.default must be a number";
    case "checkbox":
      return data.default === undefined || typeof data.default === "boolean"
        ? undefined
        : "data.default must be true or false";
    default:
      return undefined;
  }
});

/** Every rule at once: for schemas that only one check looks at (the one of `awaiting_input`). */
export const ALL_FINDERS: readonly ProblemFinder[] = [
  hasFieldList,
  notBothLists,
  wellFormedGroups,
  fieldsHaveIdAndType,
  fieldsHaveNames,
  uniqueFieldIds,
  knownFieldTypes,
  typeDataPresent,
  wellFormedValidations,
  sokosumiValidations,
  sokosumiData,
];
