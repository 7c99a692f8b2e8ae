import { describe, expect, it } from "vitest";
import { SCHEMA_HASH_FORMS, inputSchemaHash, normalForm } from "../../packages/masumi-agent/src/check/input-schema/normal-form.js";

/** The input_schema_hash vector of spec section 4.3 (checked there with Sokosumi's own code). */
const SERVED = JSON.parse(
  '{"input_data":[{"id":"approve","type":"boolean","name":"Approve the result","data":{"description":"Yes to finish","default":false}},{"id":"edited","type":"textarea","name":"Edited result","data":{"description":"Replaces the result"},"validations":[{"validation":"max","value":"20000"},{"validation":"optional","value":"true"}]}]}',
) as Record<string, unknown>;

describe("input_schema_hash", () => {
  it.each([
    ["inner array, normal form", "bbb7d85fb470da91c684f3e85af117604c58ad1b54cda4696ae0e678652f3eef"],
    ["wrapped object, normal form", "d2cc70c0ec5055751317f011c31f533078f5b025d5b485c2d974d2329395d3fe"],
    ["inner array, as served", "26a82c1b9e4f683fb8086d10afad54c511d3eb886dbe7073554086e0572452bd"],
    ["wrapped object, as served", "af4d0b2d964eaff7c1b3cd3884f9573c2699bd5ecb2cc2a2892b5cdd340596be"],
  ] as const)("%s: %s", (form, hash) => {
    expect(SCHEMA_HASH_FORMS).toContain(form);
    expect(inputSchemaHash(SERVED, form)).toBe(hash);
  });

  it("uses the form Sokosumi sends by default", () => {
    expect(inputSchemaHash(SERVED)).toBe(inputSchemaHash(SERVED, "inner array, normal form"));
  });

  it("drops the data keys a type does not keep, unknown keys, and reads min/max digit strings as numbers", () => {
    const schema = {
      input_groups: [
        {
          id: "g",
          title: "G",
          extra: 1,
          input_data: [
            {
              id: "n",
              type: "range",
              name: "N",
              hint: "dropped",
              data: { min: 0, step: 1, default: 2, placeholder: "x" },
              validations: [
                { validation: "min", value: "3" },
                { validation: "max", value: "2025-01-01" },
              ],
            },
          ],
        },
      ],
    };
    expect(normalForm(schema)).toEqual({
      input_groups: [
        {
          id: "g",
          title: "G",
          input_data: [
            {
              id: "n",
              type: "range",
              name: "N",
              data: { step: 1, default: 2 },
              validations: [
                { validation: "min", value: 3 },
                { validation: "max", value: "2025-01-01" },
              ],
            },
          ],
        },
      ],
    });
  });
});
