import { describe, expect, expectTypeOf, it } from "vitest";
import type { wordsAgent } from "./helpers/agents.ts";
import { schemaProblems, type InputOf, type InputSchema } from "../src/jobs/schema.ts";

// Every schema in the first part is one the marketplace refuses. The types refuse it when the
// project is type-checked (`npm run typecheck` fails as soon as a @ts-expect-error below finds
// no error), and schemaProblems refuses it at start, for code that gets past the types.

const formatOnBoolean = {
  input_data: [
    // @ts-expect-error boolean fields take only `optional`
    {
      id: "b",
      type: "boolean",
      name: "B",
      validations: [{ validation: "format", value: "email" }],
    },
  ],
} as const satisfies InputSchema;

const stepAsValidation = {
  input_data: [
    {
      id: "r",
      type: "range",
      name: "R",
      // @ts-expect-error step is never a validation: a range takes data.step
      validations: [{ validation: "step", value: "5" }],
    },
  ],
} as const satisfies InputSchema;

const minOnCheckbox = {
  input_data: [
    // @ts-expect-error checkbox fields take only `optional`
    {
      id: "c",
      type: "checkbox",
      name: "C",
      data: { label: "Agree" },
      validations: [{ validation: "min", value: "1" }],
    },
  ],
} as const satisfies InputSchema;

const validationOnNone = {
  input_data: [
    // @ts-expect-error a none field takes no validations
    {
      id: "n",
      type: "none",
      name: "N",
      validations: [{ validation: "optional", value: "true" }],
    },
  ],
} as const satisfies InputSchema;

const emailFormatOnNumber = {
  input_data: [
    // @ts-expect-error a number takes only the format `integer`
    {
      id: "n",
      type: "number",
      name: "N",
      validations: [{ validation: "format", value: "email" }],
    },
  ],
} as const satisfies InputSchema;

const wordAsBound = {
  input_data: [
    // @ts-expect-error the bounds of a number are whole numbers
    {
      id: "n",
      type: "number",
      name: "N",
      validations: [{ validation: "max", value: "ten" }],
    },
  ],
} as const satisfies InputSchema;

const optionWithoutChoices = {
  input_data: [
    // @ts-expect-error option fields need data.values
    { id: "o", type: "option", name: "O" },
  ],
} as const satisfies InputSchema;

const optionWithNoChoice = {
  input_data: [
    // @ts-expect-error data.values must not be empty
    {
      id: "o",
      type: "option",
      name: "O",
      data: { values: [] },
    },
  ],
} as const satisfies InputSchema;

describe("schemas the marketplace refuses", () => {
  it("are refused by schemaProblems too", () => {
    const refused = [
      formatOnBoolean,
      stepAsValidation,
      minOnCheckbox,
      validationOnNone,
      emailFormatOnNumber,
      wordAsBound,
      optionWithoutChoices,
      optionWithNoChoice,
    ].map((schema) => schemaProblems(schema));
    expect(refused).toEqual([
      ['field "b": type boolean takes no "format" validation (only optional)'],
      ['field "r": step is not a validation (a range takes data.step)'],
      ['field "c": type checkbox takes no "min" validation (only optional)'],
      ['field "n": type none takes no validations'],
      ['field "n": type number takes no format "email" (only integer)'],
      ['field "n": max must be a whole number >= 0, not "ten"'],
      ['field "o": type option needs data', 'field "o": data.values must list the choices'],
      ['field "o": data.values must list the choices'],
    ]);
  });
});

const choices = {
  input_data: [
    {
      id: "period",
      type: "option",
      name: "Period",
      data: { values: ["day", "week"] },
      validations: [{ validation: "min", value: "1" }],
    },
    { id: "colour", type: "radio", name: "Colour", data: { values: ["red", "green"] } },
    { id: "tags", type: "multiselect", name: "Tags", data: { values: ["a", "b", "c"] } },
    {
      id: "note",
      type: "text",
      name: "Note",
      validations: [{ validation: "optional", value: "true" }],
    },
    {
      id: "size",
      type: "number",
      name: "Size",
      data: { default: 3 },
      validations: [{ validation: "optional", value: "true" }],
    },
    { id: "info", type: "none", name: "Read this" },
  ],
} as const satisfies InputSchema;

describe("InputOf", () => {
  type Values = InputOf<typeof choices>;

  it("types choices as the literals of data.values", () => {
    expectTypeOf<Values["colour"]>().toEqualTypeOf<"red" | "green">();
    expectTypeOf<Values["tags"]>().toEqualTypeOf<("a" | "b" | "c")[]>();
  });

  it("types a choice with min 1 as a list that is never empty", () => {
    expectTypeOf<Values["period"]>().toEqualTypeOf<["day" | "week", ...("day" | "week")[]]>();
    // So a choice can index a table of its values (noUncheckedIndexedAccess holds).
    const days = { day: 1, week: 7 };
    const period: Values["period"] = ["week"];
    expect(days[period[0]]).toBe(7);
  });

  it("lets optional fields without a default be undefined, and only them", () => {
    expectTypeOf<Values["note"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Values["size"]>().toEqualTypeOf<number>();
    expectTypeOf<keyof Values>().toEqualTypeOf<"period" | "colour" | "tags" | "note" | "size">();
  });

  it("types an agent's input from its schema", () => {
    type Input = InputOf<(typeof wordsAgent)["inputSchema"]>;
    expectTypeOf<Input["task"]>().toEqualTypeOf<
      ["count" | "keywords" | "upper", ...("count" | "keywords" | "upper")[]]
    >();
    expectTypeOf<Input["keywords"]>().toEqualTypeOf<number>();
  });
});
