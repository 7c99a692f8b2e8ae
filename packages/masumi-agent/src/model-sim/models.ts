/**
 * `GET /v1/models`: the model list, in OpenAI's shape (`{"object": "list", "data": [...]}`) or, for a
 * request with an `anthropic-version` header, Anthropic's (`{"data", "has_more", "first_id", "last_id"}`).
 * The simulator answers for any model name; the list holds the one it advertises.
 */
import type { ModelProvider } from "./types.ts";

export const SIM_MODEL = "model-sim";

export function modelList(provider: ModelProvider): unknown {
  if (provider === "anthropic")
    return {
      data: [{ type: "model", id: SIM_MODEL, display_name: "Model simulator", created_at: "2026-01-01T00:00:00Z" }],
      has_more: false,
      first_id: SIM_MODEL,
      last_id: SIM_MODEL,
    };
  return {
    object: "list",
    data: [{ id: SIM_MODEL, object: "model", created: 1_767_225_600, owned_by: "masumi-agent" }],
  };
}
