import { BOOLEAN_TYPES, CHOICE_TYPES, NUMBER_TYPES, type Field } from "./fields.js";

/**
 * A demo input as Sokosumi's job form schema reads it (spec section 2, GET /demo): choices as
 * arrays of indices into data.values, every non-optional boolean present, numbers as numbers,
 * everything else as strings. Returns the problems; empty when the marketplace accepts it.
 */
export function demoInputProblems(fields: readonly Field[], input: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const field of fields) {
    const value = input[field.id];
    if (value === undefined || value === null) {
      if (!field.optional && BOOLEAN_TYPES.has(field.type))
        problems.push(`${field.id}: a non-optional boolean is missing`);
      continue;
    }
    const problem = valueProblem(field, value);
    if (problem) problems.push(`${field.id}: ${problem}`);
  }
  return problems;
}

function valueProblem(field: Field, value: unknown): string | undefined {
  if (CHOICE_TYPES.has(field.type)) {
    const isIndex = (item: unknown) =>
      Number.isInteger(item) && (item as number) >= 0 && (item as number) < field.values.length;
    return Array.isArray(value) && value.every(isIndex)
      ? undefined
      : `${JSON.stringify(value)} is not a list of indices into data.values`;
  }
  if (BOOLEAN_TYPES.has(field.type)) return typeof value === "boolean" ? undefined : "must be true or false";
  if (NUMBER_TYPES.has(field.type)) return typeof value === "number" ? undefined : "must be a number";
  // Text, dates, colours, files (their URL): strings.
  return typeof value === "string" ? undefined : "must be a string";
}
