import { describe, expect, it } from "vitest";
import { inputSchemaHashes, sokosumiNormalForm } from "../src/jobs/schema-hash.ts";
import type { InputSchema } from "../src/jobs/schema.ts";
import { servedInputSchema } from "../src/jobs/served-schema.ts";

// The vector of MIP-003.md 4.3, checked with Sokosumi's own code.
const SERVED = {
  input_data: [
    {
      id: "approve",
      type: "boolean",
      name: "Approve the result",
      data: { description: "Yes to finish", default: false },
    },
    {
      id: "edited",
      type: "textarea",
      name: "Edited result",
      data: { description: "Replaces the result" },
      validations: [
        { validation: "max", value: "20000" },
        { validation: "optional", value: "true" },
      ],
    },
  ],
} as const satisfies InputSchema;

describe("inputSchemaHashes", () => {
  it("names a served schema by the four hashes clients send", () => {
    expect(inputSchemaHashes(SERVED)).toEqual([
      // inner array, normal form: what Sokosumi sends
      "bbb7d85fb470da91c684f3e85af117604c58ad1b54cda4696ae0e678652f3eef",
      // wrapped object, normal form
      "d2cc70c0ec5055751317f011c31f533078f5b025d5b485c2d974d2329395d3fe",
      // inner array, as served
      "26a82c1b9e4f683fb8086d10afad54c511d3eb886dbe7073554086e0572452bd",
      // wrapped object, as served
      "af4d0b2d964eaff7c1b3cd3884f9573c2699bd5ecb2cc2a2892b5cdd340596be",
    ]);
  });

  it("hashes the group list of a schema with groups", () => {
    const grouped: InputSchema = { input_groups: [{ id: "g", title: "G", input_data: [] }] };
    const [inner] = inputSchemaHashes(grouped);
    const asList: InputSchema = { input_data: [] };
    expect(inner).not.toBe(inputSchemaHashes(asList)[0]);
    expect(new Set(inputSchemaHashes(grouped)).size).toBe(2); // nothing to normalise
  });
});

describe("sokosumiNormalForm", () => {
  it("drops what Sokosumi's parser drops and reads digit bounds as numbers", () => {
    const schema = {
      input_data: [
        {
          id: "when",
          type: "date",
          name: "When",
          extra: "unknown key",
          data: { placeholder: "a day", default: "2026-01-01", label: "not kept for dates" },
          validations: [
            { validation: "min", value: "2026-01-01", note: "unknown key" },
            { validation: "max", value: "2026-12-31" },
          ],
        },
        {
          id: "level",
          type: "range",
          name: "Level",
          data: { min: 0, max: 10, step: 1, default: 5 },
          validations: [
            { validation: "min", value: "0" },
            { validation: "max", value: "10" },
          ],
        },
      ],
    } as unknown as InputSchema;
    expect(sokosumiNormalForm(schema)).toEqual({
      input_data: [
        {
          id: "when",
          type: "date",
          name: "When",
          data: { placeholder: "a day" },
          validations: [
            { validation: "min", value: "2026-01-01" },
            { validation: "max", value: "2026-12-31" },
          ],
        },
        {
          id: "level",
          type: "range",
          name: "Level",
          data: { step: 1, default: 5 },
          validations: [
            { validation: "min", value: 0 },
            { validation: "max", value: 10 },
          ],
        },
      ],
    });
  });

  it("keeps groups with their id and title only", () => {
    const schema = {
      input_groups: [
        {
          id: "main",
          title: "Main",
          hint: "unknown key",
          input_data: [{ id: "text", type: "text", name: "Text" }],
        },
      ],
    } as unknown as InputSchema;
    expect(sokosumiNormalForm(schema)).toEqual({
      input_groups: [
        { id: "main", title: "Main", input_data: [{ id: "text", type: "text", name: "Text" }] },
      ],
    });
  });
});

describe("servedInputSchema", () => {
  it("serves the schema as it is when the agent gave no message", () => {
    expect(servedInputSchema({ schema: SERVED, message: null })).toBe(SERVED);
  });

  it("leads the schema with a field that shows the message and takes no answer", () => {
    const served = servedInputSchema({ schema: SERVED, message: "Please review" });
    expect(served.input_data).toEqual([
      {
        id: "message",
        type: "none",
        name: expect.any(String),
        data: { description: "Please review" },
      },
      ...SERVED.input_data,
    ]);
  });

  it("gives the message field an id the schema does not use", () => {
    const schema: InputSchema = {
      input_groups: [
        { id: "a", title: "A", input_data: [{ id: "message", type: "text", name: "Message" }] },
        { id: "b", title: "B", input_data: [{ id: "message_2", type: "text", name: "Again" }] },
      ],
    };
    const served = servedInputSchema({ schema, message: "Hi" });
    const [first, second] = served.input_groups ?? [];
    expect(first?.input_data.map((field) => field.id)).toEqual(["message_3", "message"]);
    expect(second).toEqual(schema.input_groups?.[1]);
  });
});
