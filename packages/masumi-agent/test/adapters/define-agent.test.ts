import { describe, expect, expectTypeOf, it } from "vitest";
import { defineAgent, type Agent, type JobContext } from "masumi-agent";
import { echo } from "./agent.ts";

/** The types are checked by tsc over the library's tests (test/tsconfig.json). */
describe("defineAgent", () => {
  it("types run's input from the schema, without `as const`, and is an Agent", () => {
    expectTypeOf<Parameters<typeof echo.run>[0]>().toEqualTypeOf<{
      text: string;
    }>();
    expectTypeOf(echo).toExtend<Agent>();
    const agent = defineAgent({
      inputSchema: {
        input_data: [
          { id: "count", type: "number", name: "Count" },
          {
            id: "color",
            type: "option",
            name: "Color",
            data: { values: ["red", "blue"] },
            validations: [{ validation: "min", value: "1" }],
          },
        ],
      },
      async run(input) {
        expectTypeOf(input).toEqualTypeOf<{
          count: number;
          color: ["red" | "blue", ...("red" | "blue")[]];
        }>();
        return `${input.count} ${input.color[0]}`;
      },
    });
    // The agent itself, unchanged.
    expect(Object.keys(agent)).toEqual(["inputSchema", "run"]);
  });

  it("refuses a run that does not return a string", () => {
    defineAgent({
      inputSchema: {
        input_data: [{ id: "text", type: "string", name: "Text" }],
      },
      // @ts-expect-error run must resolve to the result string
      async run(input: { text: string }, _ctx: JobContext) {
        return input.text.length;
      },
    });
  });
});
