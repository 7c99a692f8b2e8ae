import { describe, expect, it } from "vitest";
import { toInputObject } from "../src/jobs/input-data.ts";
import { schemaProblems, type InputField, type InputSchema } from "../src/jobs/schema.ts";
import { validateInput } from "../src/jobs/validate.ts";

const optional = { validation: "optional", value: "true" } as const;

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
      accepts({ id: "t", type, name: "T" }, "hello");
      rejects({ id: "t", type, name: "T" }, 42, /must be a string/);
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
    const withFormat = (value: string): InputField => ({
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
    accepts(withFormat("tel_pattern"), "+49 (30) 1234-5678");
    accepts(withFormat("tel-pattern"), "030 1234567");
    rejects(withFormat("tel_pattern"), "call me", /phone number/);
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
      accepts({ id: "d", type, name: "D" }, good);
      rejects({ id: "d", type, name: "D" }, bad, /must be a/);
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

  it("checks numbers, their bounds and steps", () => {
    const field: InputField = {
      id: "n",
      type: "number",
      name: "N",
      validations: [
        { validation: "min", value: "1" },
        { validation: "max", value: "10" },
        { validation: "step", value: "0.5" },
      ],
    };
    accepts(field, 2.5);
    accepts(field, "3", 3);
    rejects(field, 0, /at least 1/);
    rejects(field, 11, /at most 10/);
    rejects(field, 1.25, /multiple of 0.5/);
    rejects(field, "three", /must be a number/);
    rejects(field, true, /must be a number/);
  });

  it("applies a range's own min, max and step", () => {
    const field: InputField = {
      id: "r",
      type: "range",
      name: "R",
      data: { min: 0, max: 100, step: 10 },
    };
    accepts(field, 30);
    rejects(field, 35, /multiple of 10/);
    rejects(field, 110, /at most 100/);
  });

  it("checks booleans and checkboxes", () => {
    accepts({ id: "b", type: "boolean", name: "B" }, false);
    accepts({ id: "b", type: "checkbox", name: "B", data: {} }, "true", true);
    rejects({ id: "b", type: "boolean", name: "B" }, "yes", /true or false/);
  });

  it("checks choices by value or by index", () => {
    const values = ["red", "green", "blue"];
    const radio: InputField = { id: "c", type: "radio", name: "C", data: { values } };
    accepts(radio, "green");
    accepts(radio, 2, "blue");
    rejects(radio, "pink", /one of: red, green, blue/);

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
    rejects(option, ["red", "green", "blue"], /at most 2 choices/);
    rejects(option, ["red", "red"], /twice/);
    rejects(option, [7], /chosen from/);

    const multiselect: InputField = { id: "m", type: "multiselect", name: "M", data: { values } };
    accepts(multiselect, ["green", "blue"]);
    rejects(multiselect, "purple", /chosen from/);
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
  it("accepts a sound schema", () => {
    expect(schemaProblems({ input_data: [{ id: "a", type: "text", name: "A" }] })).toEqual([]);
  });

  it("finds what a marketplace would reject", () => {
    const problems = schemaProblems({
      input_data: [
        { id: "a", type: "text", name: "" },
        { id: "a", type: "option", name: "A" },
        { id: "f", type: "file", name: "F" },
        { id: "h", type: "hidden", name: "H" },
        { id: "x", type: "text", name: "X", validations: [{ validation: "format", value: "zip" }] },
        { id: "y", type: "number", name: "Y", validations: [{ validation: "max", value: "ten" }] },
      ],
    });
    expect(problems).toEqual([
      'field "a": a name is required',
      'field "a": the id is used twice',
      'field "a": data.values must list the choices',
      'field "f": file fields need data.outputFormat "url"',
      'field "h": hidden fields need data.value',
      'field "x": unknown format "zip"',
      'field "y": max must be a number, not "ten"',
    ]);
  });

  it("wants exactly one of input_data and input_groups", () => {
    const both = { input_data: [], input_groups: [] } as unknown as InputSchema;
    expect(schemaProblems(both)).toEqual([
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
