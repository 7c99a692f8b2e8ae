import { BOOLEAN_TYPES, CHOICE_TYPES, type Field } from "./fields.js";
import { validValue } from "./values.js";

/** Whole `input_data` objects built from a schema's fields. */
export type InputData = Record<string, unknown>;

function withValues(fields: readonly Field[], pick: (field: Field) => unknown): InputData {
  const input: InputData = {};
  for (const field of fields) {
    const value = pick(field);
    if (value !== undefined) input[field.id] = value;
  }
  return input;
}

/** Only the required fields: what the smallest valid request carries. */
export function requiredOnlyInput(fields: readonly Field[]): InputData {
  return withValues(
    fields.filter((field) => !field.optional),
    (field) => validValue(field),
  );
}

/** Every field filled: each field type at least once, optional ones included. */
export function everyFieldInput(fields: readonly Field[]): InputData {
  return withValues(fields, (field) => validValue(field));
}

/** How many jobs at most are started to find one that asks for input. */
const MAX_CANDIDATES = 4;

/**
 * Valid inputs most likely to make an agent ask for more input: the accepted base input with
 * every boolean and checkbox switched on, and the choice fields stepped through their values.
 * Agents commonly ask for a human's approval behind such a switch or choice.
 */
export function awaitingInputCandidates(base: InputData, fields: readonly Field[]): InputData[] {
  const switches = fields.filter((field) => BOOLEAN_TYPES.has(field.type));
  const choices = fields.filter((field) => CHOICE_TYPES.has(field.type) && field.values.length > 0);
  const rounds = Math.min(MAX_CANDIDATES, Math.max(1, ...choices.map((field) => field.values.length)));
  const candidates: InputData[] = [];
  for (let round = 0; round < rounds; round++) {
    const candidate: InputData = { ...base };
    for (const field of switches) candidate[field.id] = true;
    for (const field of choices) candidate[field.id] = validValue(field, round);
    candidates.push(candidate);
  }
  return candidates;
}
