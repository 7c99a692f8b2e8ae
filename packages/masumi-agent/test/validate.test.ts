import { describe, expect, it } from "vitest";
import { toInputObject } from "../src/jobs/input-data.ts";
import type { FormatOf } from "../src/jobs/field-rules.ts";
import {
  schemaProblems,
  type FieldType,
  type InputField,
  type InputSchema,
  type UncheckedField,
} from "../src/jobs/schema.ts";
import { validateInput } from "../src/jobs/validate.ts";

const optional = { validation: "optional", value: "true" } as const;

/** A field with no data or validations, of a type only known at run time. */
function bare(type: FieldType, id = "t"): InputField {
  return { id, type, name: id.toUpperCase() } as InputField;
}

/** Validates one value against a schema with the one field. */
function check(field: InputField, value: unknown) {
  const data = value === undefined ? {} : { [field.id]: value };
  return validateInput({ input_data: [field] }, data);
}

function accepts(field: InputField, value: unknown, expected: unknown = value) {
  expect(check(field, value)).toEqual({ ok: true, values: { [field.id]: expected } });
}

function rejects(field: InputField, value: unknown, message: RegExp) {
  const result = check(field, value);
  expect(result.ok).toBe(false);
  if (!result.ok) {
    expect(result.details).toHaveLength(1);
    expect(result.details[0]).toEqual({ field: field.id, message: expect.stringMatching(message) });
  }
}

describe("validateInput", () => {
  it("requires fields unless they are optional", () => {
    rejects({ id: "t", type: "string", name: "T" }, undefined, /T is required/);
    rejects({ id: "t", type: "string", name: "T" }, "", /is required/);
    rejects({ id: "t", type: "string", name: "T" }, null, /is required/);
    expect(
      check({ id: "t", type: "string", name: "T", validations: [optional] }, undefined),
    ).toEqual({ ok: true, values: {} });
  });

  it("fills in defaults", () => {
    const field: InputField = { id: "n", type: "number", name: "N", data: { default: 5 } };
    expect(check(field, undefined)).toEqual({ ok: true, values: { n: 5 } });
  });

  it("reports one detail per failing field", () => {
    const schema: InputSchema = {
      input_data: [
        { id: "a", type: "string", name: "A" },
        { id: "b", type: "number", name: "B" },
        { id: "c", type: "boolean", name: "C", validations: [optional] },
      ],
    };
    const result = validateInput(schema, { b: "x", c: "maybe" });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.details.map((detail) => detail.field)).toEqual(["a", "b", "c"]);
  });

  it("ignores fields of type none and keys outside the schema", () => {
    const schema: InputSchema = {
      input_data: [
        { id: "info", type: "none", name: "Read this" },
        { id: "t", type: "text", name: "T" },
      ],
    };
    expect(validateInput(schema, { t: "x", extra: 1, info: "y" })).toEqual({
      ok: true,
      values: { t: "x" },
    });
  });

  it("validates the fields of every input group", () => {
    const schema: InputSchema = {
      input_groups: [
        { id: "g1", title: "One", input_data: [{ id: "a", type: "string", name: "A" }] },
        { id: "g2", title: "Two", input_data: [{ id: "b", type: "number", name: "B" }] },
      ],
    };
    expect(validateInput(schema, { a: "x", b: 2 })).toEqual({ ok: true, values: { a: "x", b: 2 } });
    const result = validateInput(schema, { a: "x" });
    expect(result.ok || result.details).toEqual([{ field: "b", message: "B is required" }]);
  });

  it("checks text types and their lengths", () => {
    for (const type of ["string", "text", "textarea", "password", "search", "tel"] as const) {
      accepts(bare(type), "hello");
      rejects(bare(type), 42, /must be a string/);
    }
    const bounded: InputField = {
      id: "t",
      type: "text",
      name: "T",
      validations: [
        { validation: "min", value: "2" },
        { validation: "max", value: "4" },
      ],
    };
    accepts(bounded, "abcd");
    rejects(bounded, "a", /at least 2 characters/);
    rejects(bounded, "abcde", /at most 4 characters/);
    accepts(bounded, "éé✓"); // characters, not bytes
  });

  it("checks formats", () => {
    const withFormat = (value: FormatOf<"string">): InputField => ({
      id: "f",
      type: "string",
      name: "F",
      validations: [{ validation: "format", value }],
    });
    accepts(withFormat("email"), "ada@example.org");
    rejects(withFormat("email"), "ada@", /email address/);
    accepts(withFormat("url"), "https://masumi.network/docs");
    rejects(withFormat("url"), "ftp://example.org", /URL/);
    rejects(withFormat("url"), "not a url", /URL/);
    accepts(withFormat("nonempty"), " x ");
    rejects(withFormat("nonempty"), "   ", /must not be empty/);
    const tel: InputField = {
      id: "p",
      type: "tel",
      name: "P",
      validations: [{ validation: "format", value: "tel_pattern" }],
    };
    accepts(tel, "+49 (30) 1234-5678");
    accepts(tel, "030 1234567");
    rejects(tel, "call me", /phone number/);
    const integer: InputField = {
      id: "n",
      type: "number",
      name: "N",
      validations: [{ validation: "format", value: "integer" }],
    };
    accepts(integer, 3);
    rejects(integer, 3.5, /whole number/);
  });

  it("checks the implicit format of email, url, date, time and color fields", () => {
    accepts({ id: "e", type: "email", name: "E" }, "ada@example.org");
    rejects({ id: "e", type: "email", name: "E" }, "ada", /email address/);
    accepts({ id: "u", type: "url", name: "U" }, "http://localhost:3000/x");
    rejects({ id: "u", type: "url", name: "U" }, "localhost", /URL/);
    const valid: [InputField["type"], string, string][] = [
      ["date", "2025-02-28", "2025-13-01"],
      ["datetime-local", "2025-02-28T13:45", "2025-02-28 13:45"],
      ["time", "23:59:30", "24:00"],
      ["month", "2025-02", "2025-2"],
      ["week", "2025-W09", "2025-W60"],
      ["color", "#1a2B3c", "red"],
    ];
    for (const [type, good, bad] of valid) {
      accepts(bare(type), good);
      rejects(bare(type), bad, /must be a/);
    }
  });

  it("bounds dates by date", () => {
    const field: InputField = {
      id: "d",
      type: "date",
      name: "D",
      validations: [
        { validation: "min", value: "2025-01-01" },
        { validation: "max", value: "2025-12-31" },
      ],
    };
    accepts(field, "2025-06-01");
    rejects(field, "2024-12-31", /not be before 2025-01-01/);
    rejects(field, "2026-01-01", /not be after 2025-12-31/);
  });

  it("checks numbers and their bounds", () => {
    const field: InputField = {
      id: "n",
      type: "number",
      name: "N",
      validations: [
        { validation: "min", value: "1" },
        { validation: "max", value: "10" },
      ],
    };
    accepts(field, 2.5);
    accepts(field, "3", 3);
    rejects(field, 0, /at least 1/);
    rejects(field, 11, /at most 10/);
    rejects(field, "three", /must be a number/);
    rejects(field, true, /must be a number/);
  });

  it("keeps a range within its bounds and on its steps (data.step, counted from min)", () => {
    const field: InputField = {
      id: "r",
      type: "range",
      name: "R",
      data: { step: 10 },
      validations: [
        { validation: "min", value: "5" },
        { validation: "max", value: "100" },
      ],
    };
    accepts(field, 35);
    rejects(field, 30, /multiple of 10/);
    rejects(field, 105, /at most 100/);
  });

  it("checks booleans and checkboxes", () => {
    accepts({ id: "b", type: "boolean", name: "B" }, false);
    accepts({ id: "b", type: "checkbox", name: "B", data: {} }, "true", true);
    rejects({ id: "b", type: "boolean", name: "B" }, "yes", /true or false/);
  });

  it("checks choices by value or by index", () => {
    const values = ["red", "green", "blue"] as const;
    const radio: InputField = { id: "c", type: "radio", name: "C", data: { values } };
    accepts(radio, "green");
    accepts(radio, 2, "blue");
    accepts(radio, [1], "green"); // as Sokosumi sends it
    rejects(radio, "pink", /chosen from: red, green, blue/);
    rejects(radio, [0, 1], /one choice/);

    const option: InputField = {
      id: "o",
      type: "option",
      name: "O",
      data: { values },
      validations: [
        { validation: "min", value: "1" },
        { validation: "max", value: "2" },
      ],
    };
    accepts(option, ["red"]);
    accepts(option, "green", ["green"]);
    accepts(option, [0, 2], ["red", "blue"]);
    accepts(option, ["blue", 0], ["blue", "red"]);
    rejects(option, ["red", "green", "blue"], /at most 2 choices/);
    rejects(option, ["red", "red"], /twice/);
    rejects(option, [0, "red"], /twice/);
    rejects(option, [7], /has no choice 7: the choices are 0 to 2 \(red, green, blue\)/);
    rejects(option, [-1], /has no choice -1/);
    rejects(option, [1.5], /chosen from/);

    const multiselect: InputField = { id: "m", type: "multiselect", name: "M", data: { values } };
    accepts(multiselect, ["green", "blue"]);
    rejects(multiselect, "purple", /chosen from/);
  });

  it("reads a string as a value first, as an index only when it is no value", () => {
    const numeric: InputField = {
      id: "n",
      type: "multiselect",
      name: "N",
      data: { values: ["5", "10", "1"] },
    };
    accepts(numeric, ["1"], ["1"]); // the value "1", not the choice at index 1
    accepts(numeric, [1], ["10"]); // a number is always an index
    accepts(numeric, ["2"], ["1"]); // "2" is no value, so it is the index 2
    rejects(numeric, ["3"], /has no choice 3/);
  });

  it("gives a choice that is left out its default, as Sokosumi's form does not", () => {
    const field: InputField = {
      id: "o",
      type: "option",
      name: "O",
      data: { values: ["a", "b"], default: ["b"] },
      validations: [optional],
    };
    accepts(field, undefined, ["b"]);
    accepts(field, [], ["b"]);
    accepts(field, [0], ["a"]);
  });

  it("checks files as URLs with accepted extensions", () => {
    const field: InputField = {
      id: "f",
      type: "file",
      name: "F",
      data: { outputFormat: "url" },
      validations: [{ validation: "accept", value: ".pdf,.txt" }],
    };
    accepts(field, "https://example.org/a.pdf", ["https://example.org/a.pdf"]);
    rejects(field, "https://example.org/a.exe", /of type .pdf, .txt/);
    rejects(field, "a.pdf", /URL of a file/);
  });

  it("uses the value of a hidden field", () => {
    accepts({ id: "h", type: "hidden", name: "H", data: { value: "v1" } }, undefined, "v1");
  });

  it("keeps prototype keys as plain data", () => {
    const data = JSON.parse('{"t": "x", "__proto__": {"polluted": true}}') as Record<
      string,
      unknown
    >;
    const result = validateInput({ input_data: [{ id: "t", type: "string", name: "T" }] }, data);
    expect(result).toEqual({ ok: true, values: { t: "x" } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("toInputObject", () => {
  const schema: InputSchema = {
    input_data: [
      { id: "text", type: "textarea", name: "Text" },
      { id: "n", type: "number", name: "N", validations: [optional] },
    ],
  };

  it("takes an object as it is", () => {
    expect(toInputObject({ text: "a" }, schema)).toEqual({ text: "a" });
  });

  it("maps a string onto the single required text field", () => {
    expect(toInputObject("hello", schema)).toEqual({ text: "hello" });
    const twoRequired: InputSchema = {
      input_data: [
        { id: "a", type: "text", name: "A" },
        { id: "b", type: "text", name: "B" },
      ],
    };
    expect(toInputObject("hello", twoRequired)).toMatch(/exactly one required text field/);
  });

  it("turns a list of key/value pairs into an object", () => {
    expect(
      toInputObject(
        [
          { key: "text", value: "a" },
          { key: "n", value: 2 },
        ],
        schema,
      ),
    ).toEqual({
      text: "a",
      n: 2,
    });
    expect(toInputObject([{ key: "text" }, { key: "text" }], schema)).toMatch(/twice/);
    expect(toInputObject([1, 2], schema)).toMatch(/string key/);
  });

  it("defines __proto__ from a pair as an own key, not as the prototype", () => {
    const data = toInputObject([{ key: "__proto__", value: { polluted: true } }], schema);
    expect(typeof data === "object" && Object.getPrototypeOf(data)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("refuses other values", () => {
    expect(toInputObject(42, schema)).toMatch(/must be an object/);
  });
});

describe("schemaProblems", () => {
  /** The problems of a schema with these fields, as the start-up check lists them. */
  function problemsOf(...fields: UncheckedField[]): string[] {
    return schemaProblems({ input_data: fields });
  }

  it("accepts a sound schema", () => {
    expect(problemsOf({ id: "a", type: "text", name: "A" })).toEqual([]);
  });

  it("finds what a marketplace would reject", () => {
    expect(
      problemsOf(
        { id: "a", type: "text", name: "" },
        { id: "a", type: "option", name: "A" },
        { id: "f", type: "file", name: "F", data: {} },
        { id: "h", type: "hidden", name: "H" },
        { id: "c", type: "checkbox", name: "C" },
        { id: "z", type: "zip", name: "Z" },
      ),
    ).toEqual([
      'field "a": a name is required',
      'field "a": the id is used twice',
      'field "a": type option needs data',
      'field "a": data.values must list the choices',
      'field "f": file fields need data.outputFormat "url"',
      'field "h": hidden fields need data.value',
      'field "c": type checkbox needs data',
      'field "z": unknown type "zip"',
    ]);
  });

  it("refuses a validation the field's type does not take (Sokosumi's rules)", () => {
    const rule = (validation: string, value: string) => [{ validation, value }];
    expect(
      problemsOf(
        { id: "b", type: "boolean", name: "B", validations: rule("format", "email") },
        { id: "c", type: "checkbox", name: "C", data: {}, validations: rule("min", "1") },
        { id: "n", type: "none", name: "N", validations: rule("optional", "true") },
        { id: "t", type: "text", name: "T", validations: rule("accept", ".pdf") },
        { id: "x", type: "text", name: "X", validations: rule("pattern", "a+") },
      ),
    ).toEqual([
      'field "b": type boolean takes no "format" validation (only optional)',
      'field "c": type checkbox takes no "min" validation (only optional)',
      'field "n": type none takes no validations',
      'field "t": type text takes no "accept" validation (only optional, min, max, format)',
      'field "x": type text takes no "pattern" validation (only optional, min, max, format)',
    ]);
  });

  it("refuses step as a validation, on a range too", () => {
    const step = [{ validation: "step", value: "5" }];
    expect(
      problemsOf(
        { id: "n", type: "number", name: "N", validations: step },
        { id: "r", type: "range", name: "R", validations: step },
      ),
    ).toEqual([
      'field "n": step is not a validation',
      'field "r": step is not a validation (a range takes data.step)',
    ]);
    expect(problemsOf({ id: "r", type: "range", name: "R", data: { step: 5 } })).toEqual([]);
    expect(problemsOf({ id: "r", type: "range", name: "R", data: { step: -1 } })).toEqual([
      'field "r": data.step must be a number >= 0',
    ]);
  });

  it("refuses a format the field's type does not take", () => {
    const format = (value: string) => [{ validation: "format", value }];
    expect(
      problemsOf(
        { id: "n", type: "number", name: "N", validations: format("email") },
        { id: "e", type: "email", name: "E", validations: format("url") },
        { id: "p", type: "tel", name: "P", validations: format("tel-pattern") },
        { id: "s", type: "string", name: "S", validations: format("email") },
        { id: "u", type: "url", name: "U", validations: format("nonempty") },
      ),
    ).toEqual([
      'field "n": type number takes no format "email" (only integer)',
      'field "e": type email takes no format "url" (only nonempty, email)',
      'field "p": type tel takes no format "tel-pattern" (only tel_pattern)',
    ]);
  });

  it("wants choices listed, non-empty and unique", () => {
    expect(
      problemsOf(
        { id: "o", type: "option", name: "O", data: { values: [] } },
        { id: "r", type: "radio", name: "R", data: { values: ["a", ""] } },
        { id: "m", type: "multiselect", name: "M", data: { values: ["a", "b", "a"] } },
      ),
    ).toEqual([
      'field "o": data.values must list the choices',
      'field "r": data.values must be non-empty strings',
      'field "m": data.values must be unique',
    ]);
  });

  it("wants bounds as whole numbers >= 0, or non-empty strings for dates and times", () => {
    const bounds = (min: string, max: string) => [
      { validation: "min", value: min },
      { validation: "max", value: max },
    ];
    expect(
      problemsOf(
        { id: "n", type: "number", name: "N", validations: bounds("0", "100") },
        { id: "t", type: "text", name: "T", validations: bounds("-1", "ten") },
        { id: "r", type: "range", name: "R", validations: bounds("0.5", "") },
        { id: "d", type: "date", name: "D", validations: bounds("2025-01-01", " ") },
        { id: "w", type: "time", name: "W", validations: bounds("09:00", "17:00") },
        { id: "o", type: "optional", name: "O" },
        {
          id: "b",
          type: "boolean",
          name: "B",
          validations: [{ validation: "optional", value: "yes" }],
        },
      ),
    ).toEqual([
      'field "t": min must be a whole number >= 0, not "-1"',
      'field "t": max must be a whole number >= 0, not "ten"',
      'field "r": min must be a whole number >= 0, not "0.5"',
      'field "r": max must be a whole number >= 0, not ""',
      'field "d": max must not be empty',
      'field "o": unknown type "optional"',
      'field "b": optional must be "true" or "false"',
    ]);
  });

  it("wants exactly one of input_data and input_groups", () => {
    expect(schemaProblems({ input_data: [], input_groups: [] })).toEqual([
      "the schema needs exactly one of input_data or input_groups",
    ]);
  });

  it("wants field ids unique across groups", () => {
    const problems = schemaProblems({
      input_groups: [
        { id: "g", title: "G", input_data: [{ id: "a", type: "text", name: "A" }] },
        { id: "h", title: "H", input_data: [{ id: "a", type: "text", name: "A" }] },
      ],
    });
    expect(problems).toEqual(['field "a": the id is used twice']);
  });
});
