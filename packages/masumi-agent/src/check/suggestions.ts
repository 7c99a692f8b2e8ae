import { is2xx, nonEmptyString, statusOf } from "./exchange.js";
import type { Facts } from "./facts.js";

/**
 * Advice about a run as a whole, printed above the results. Today one: a server that answers
 * only the seed API fails IS-one-of and skips nearly everything else under the default profile,
 * which says nothing about what to do; the seed profile is what fits it.
 */
export async function suggestions(facts: Facts): Promise<string[]> {
  if (facts.options.profile !== "mip-003") return [];
  const schema = await facts.schema();
  if (is2xx(schema.exchange)) return [];
  const seed = await facts.seedStart();
  if (!seed.accepted || !nonEmptyString(seed.body?.job_id)) return [];
  return [
    `GET /input_schema answered ${statusOf(schema.exchange) ?? "nothing"}, but a seed-style start ` +
      `(input_data as a string) got a job_id: this server speaks the seed API; check it with --profile seed`,
  ];
}
