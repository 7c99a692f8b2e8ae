import type { InputField, InputSchema } from "./schema.ts";
import { schemaFields } from "./schema.ts";
import type { InputRequest } from "./types.ts";

/**
 * The input_schema /status serves while a job awaits input: the agent's schema, led by a `none`
 * field whose description carries the agent's message. Marketplaces show the schema but not
 * `message` (Sokosumi drops it), so what the buyer must read has to be a field. A `none` field
 * takes no answer. input_schema_hash names this schema, as served.
 */
export function servedInputSchema(request: InputRequest): InputSchema {
  const { schema, message } = request;
  if (!message) return schema;
  const field: InputField = {
    id: messageFieldId(schema),
    type: "none",
    name: "Message from the agent",
    data: { description: message },
  };
  if (!schema.input_groups) return { input_data: [field, ...(schema.input_data ?? [])] };
  const [first, ...rest] = schema.input_groups;
  if (!first) return schema;
  return { input_groups: [{ ...first, input_data: [field, ...first.input_data] }, ...rest] };
}

/** "message", or "message_2", "message_3"... when the agent's schema uses that id already. */
function messageFieldId(schema: InputSchema): string {
  const taken = new Set(schemaFields(schema).map((field) => field.id));
  let id = "message";
  for (let n = 2; taken.has(id); n++) id = `message_${n}`;
  return id;
}
