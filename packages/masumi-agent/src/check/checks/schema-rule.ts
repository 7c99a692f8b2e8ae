import { blocked, fail, pass, type Check } from "../check.js";
import { hasFieldList, type ProblemFinder } from "../input-schema/problems.js";
import type { CheckInfo } from "../types.js";

/**
 * A check that applies one rule to GET /input_schema. The schema must have a field list at all
 * (IS-one-of) before any other rule can be judged.
 */
export function schemaRule(info: Omit<CheckInfo, "profiles">, finder: ProblemFinder, expected: string): Check {
  return {
    ...info,
    profiles: ["mip-003"],
    async run({ facts }) {
      const { exchange, raw } = await facts.schema();
      if (finder !== hasFieldList && hasFieldList(raw).length > 0) {
        return blocked("IS-one-of", "the input schema has no field list to look at");
      }
      const problems = finder(raw);
      if (problems.length === 0) return pass(exchange);
      const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : "";
      return fail({ message: `${problems[0]}${more}`, expected, actual: problems.join("; "), exchange });
    },
  };
}
