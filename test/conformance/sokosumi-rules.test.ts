import { describe, expect, it } from "vitest";
import { inputFields } from "../../packages/masumi-agent/src/check/input-schema/fields.js";
import { demoInputProblems } from "../../packages/masumi-agent/src/check/input-schema/demo-input.js";
import { sokosumiData, sokosumiValidations } from "../../packages/masumi-agent/src/check/input-schema/problems.js";

/** The marketplace's field rules (spec section 3), one case each way. */
const schema = (...fields: unknown[]) => ({ input_data: fields });
const field = (type: string, extra: Record<string, unknown> = {}) => ({ id: "f", type, name: "F", ...extra });
const rules = (...list: [string, unknown][]) => ({
  validations: list.map(([validation, value]) => ({ validation, value })),
});

describe("validations per type", () => {
  it.each([
    ["textarea", rules(["optional", "true"], ["min", "1"], ["max", 20], ["format", "nonempty"])],
    ["tel", rules(["format", "tel_pattern"])],
    ["file", rules(["accept", ".pdf"], ["max", "3"])],
    ["date", rules(["min", "2025-01-01"])],
  ])("allows what %s allows", (type, extra) => {
    expect(sokosumiValidations(schema(field(type, extra)))).toEqual([]);
  });

  it.each([
    ["number", rules(["step", "1"]), 'number fields do not allow the validation "step"'],
    ["boolean", rules(["min", "1"]), 'boolean fields do not allow the validation "min"'],
    ["none", rules(["optional", "true"]), 'none fields do not allow the validation "optional"'],
    ["textarea", rules(["format", "email"]), 'textarea fields do not allow format "email"'],
    ["tel", rules(["format", "tel-pattern"]), 'tel fields do not allow format "tel-pattern"'],
    ["number", rules(["min", -1]), "min -1 is not a whole number >= 0"],
  ])("refuses, for %s, %j", (type, extra, problem) => {
    expect(sokosumiValidations(schema(field(type, extra)))).toEqual([`field "f": ${problem}`]);
  });
});

describe("data per type", () => {
  it.each([
    [field("checkbox"), "checkbox fields need a data object"],
    [field("option", { data: { values: [] } }), "data.values must list the choices"],
    [field("radio", { data: { values: ["a", ""] } }), "data.values must be non-empty strings"],
    [field("option", { data: { values: ["a", "a"] } }), "data.values must be unique"],
    [field("file", { data: {} }), "file fields need data.outputFormat"],
    [field("range", { data: { step: -1 } }), "data.step must be a number >= 0"],
  ])("refuses %j", (entry, problem) => {
    expect(sokosumiData(schema(entry))).toEqual([`field "f": ${problem}`]);
  });

  it("takes a hidden field without data, and a multiselect listing a value twice", () => {
    expect(sokosumiData(schema(field("hidden"), field("multiselect", { data: { values: ["a", "a"] } })))).toEqual([]);
  });
});

describe("a demo input", () => {
  const fields = inputFields(
    schema(
      { id: "tone", type: "option", name: "Tone", data: { values: ["a", "b"] } },
      { id: "ok", type: "boolean", name: "OK" },
      { id: "n", type: "number", name: "N", validations: [{ validation: "optional", value: "true" }] },
    ),
  );

  it("holds choices as indices and every non-optional boolean", () => {
    expect(demoInputProblems(fields, { tone: [1], ok: false })).toEqual([]);
  });

  it("is refused with choices as values, a required boolean missing, a number as text", () => {
    expect(demoInputProblems(fields, { tone: ["b"], n: "3" })).toEqual([
      'tone: ["b"] is not a list of indices into data.values',
      "ok: a non-optional boolean is missing",
      "n: must be a number",
    ]);
  });
});
