import { describe, expect, it } from "vitest";
import { readField, type Field } from "../../packages/masumi-agent/src/check/input-schema/fields.js";
import {
  awaitingInputCandidates,
  everyFieldInput,
  requiredOnlyInput,
} from "../../packages/masumi-agent/src/check/input-schema/inputs.js";
import {
  badFormatValue,
  boundaries,
  unlistedChoices,
  validValue,
  wrongTypeValue,
} from "../../packages/masumi-agent/src/check/input-schema/values.js";
import { FIELDS } from "../fixtures/conformance-server/schema.js";
import { validate } from "../fixtures/conformance-server/validate.js";

/**
 * The checker's input generation against the fixture's validator, which was written apart from
 * it: every value meant to be valid is, and every value meant to break a rule does.
 */
const fields = FIELDS.map(readField).filter((field): field is Field => field !== undefined && field.type !== "none");
const base = requiredOnlyInput(fields);
const problemsWith = (field: Field, value: unknown) => validate(FIELDS, { ...base, [field.id]: value });

describe("input generation", () => {
  it("reads every field of the schema", () => {
    expect(fields.map((field) => field.type).sort()).toEqual(
      FIELDS.map((field) => field.type)
        .filter((type) => type !== "none")
        .sort(),
    );
  });

  it("fills only the required fields, validly", () => {
    expect(Object.keys(base)).toEqual(["prompt", "source"]);
    expect(validate(FIELDS, base)).toEqual([]);
  });

  it("fills every field validly", () => {
    const input = everyFieldInput(fields);
    expect(Object.keys(input)).toHaveLength(fields.length);
    expect(validate(FIELDS, input)).toEqual([]);
  });

  it.each(fields.map((field) => [field.id, field]))("makes valid values at the bounds of %s", (_, field) => {
    const { atMin, atMax } = boundaries(field);
    for (const value of [atMin, atMax].filter((bound) => bound !== undefined))
      expect(problemsWith(field, value)).toEqual([]);
  });

  it.each(fields.map((field) => [field.id, field]))(
    "makes invalid values for %s that the validator refuses",
    (_, field) => {
      const { belowMin, aboveMax } = boundaries(field);
      const invalid = [
        belowMin,
        aboveMax,
        wrongTypeValue(field),
        badFormatValue(field),
        ...unlistedChoices(field),
      ].filter((value) => value !== undefined);
      for (const value of invalid) expect(problemsWith(field, value), JSON.stringify(value)).not.toEqual([]);
    },
  );

  it("finds bounds, formats and choices where the schema has them", () => {
    const byId = (id: string) => fields.find((field) => field.id === id)!;
    expect(boundaries(byId("count"))).toEqual({ atMin: 1, belowMin: 0, atMax: 10, aboveMax: 11 });
    expect(boundaries(byId("temperature"))).toMatchObject({ atMin: 0, atMax: 1 });
    expect((boundaries(byId("title")).aboveMax as string).length).toBe(41);
    expect(boundaries(byId("topics"))).toEqual({ atMin: [0], atMax: [0, 1], aboveMax: [0, 1, 2] });
    expect(badFormatValue(byId("contact"))).toBe("not-an-email");
    expect(badFormatValue(byId("prompt"))).toBeUndefined();
    expect(validValue(byId("tone"), 2)).toEqual([2]);
    expect(validValue(byId("mode"), 1)).toBe("thorough");
  });

  it("switches every boolean on and steps the choices through their values to find an input request", () => {
    const candidates = awaitingInputCandidates(base, fields);
    expect(candidates).toHaveLength(4);
    for (const candidate of candidates) {
      expect(candidate).toMatchObject({ ...base, ask_human: true, agree: true });
      expect(validate(FIELDS, candidate)).toEqual([]);
    }
    expect(candidates.map((candidate) => candidate.mode)).toEqual(["fast", "thorough", "fast", "thorough"]);
  });
});
