import { afterAll, beforeAll, expect, it } from "vitest";
import { toInputObject } from "../src/jobs/input-data.ts";
import { isOptional, schemaFields } from "../src/jobs/schema.ts";
import type { Agent } from "../src/jobs/types.ts";
import { validateInput } from "../src/jobs/validate.ts";
import { wordsAgent } from "./helpers/agents.ts";
import { startServedAgent, type ServedAgent } from "./helpers/served-agent.ts";
import { describeEachStore } from "./helpers/stores.ts";

// Sokosumi keeps an agent's demo and reads it with its own schemas (MIP-003.md section 2): the
// input with its job form (choices as indices, every non-optional boolean present), the output
// with its /status schema. /demo serves the agent's demo so; an agent without one answers 404.

const { demo, inputSchema }: Agent = wordsAgent;
const fields = schemaFields(inputSchema);

await describeEachStore("GET /demo", (store) => {
  let server: ServedAgent;
  beforeAll(async () => {
    server = await startServedAgent({ store });
  });
  afterAll(() => server.stop());

  it("serves the demo output as a completed /status answer", async () => {
    const { status, body } = await server.get("/demo");
    expect(status).toBe(200);
    expect(body).toEqual({
      input: demo?.input,
      output: { status: "completed", result: expect.stringMatching(/\S/) },
    });
  });

  it("serves an input this server accepts, as it validates /start_job", async () => {
    const { body } = await server.get("/demo");
    const data = toInputObject(body.input, inputSchema);
    expect(data).toBeTypeOf("object");
    expect(
      validateInput(inputSchema, data as Record<string, unknown>),
    ).toMatchObject({ ok: true });
  });

  it("serves an input as Sokosumi's job form sends it", async () => {
    const { body } = await server.get("/demo");
    for (const field of fields) {
      const value = body.input[field.id];
      const where = `demo input ${field.id}`;
      if (
        field.type === "option" ||
        field.type === "radio" ||
        field.type === "multiselect"
      ) {
        // Indices into data.values, in a list.
        if (value !== undefined)
          expect(value, where).toEqual(expect.any(Array));
        for (const index of value ?? []) {
          expect(
            Number.isInteger(index) && field.data.values[index],
            where,
          ).toBeTruthy();
        }
      }
      if (
        (field.type === "boolean" || field.type === "checkbox") &&
        !isOptional(field)
      ) {
        expect(value, where).toBeTypeOf("boolean");
      }
    }
  });
});

it("answers 404 for an agent without a demo", async () => {
  const server = await startServedAgent({
    agent: { inputSchema, run: wordsAgent.run },
  });
  try {
    const { status, body } = await server.get("/demo");
    expect(status).toBe(404);
    expect(body).toEqual({ error: "not_found", message: expect.any(String) });
  } finally {
    await server.stop();
  }
});
