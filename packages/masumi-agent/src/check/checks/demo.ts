import { blocked, fail, pass, skip, type Check } from "../check.js";
import { demoInputProblems } from "../input-schema/demo-input.js";
import { bodyObject, describeAnswer, is2xx, nonEmptyString, statusOf } from "../exchange.js";
import { isObject } from "../input-schema/fields.js";
import { REF } from "../refs.js";

export const demoChecks: Check[] = [
  {
    id: "DM-shape",
    level: "MUST",
    profiles: ["mip-003"],
    ref: REF.demo,
    title: "GET /demo, when present, answers {input: object, output: {result: string}}",
    hint: 'Answer {"input": {...an input_data...}, "output": {"result": "..."}}, or 404 when there is no demo.',
    async run({ facts }) {
      const exchange = await facts.demo();
      if (statusOf(exchange) === 404) return skip("the server has no /demo endpoint (optional)");
      const body = bodyObject(exchange);
      const output = body?.output;
      if (is2xx(exchange) && isObject(body?.input) && isObject(output) && nonEmptyString(output.result))
        return pass(exchange);
      return fail({
        message: "the demo does not have the expected shape",
        expected: "2xx {input: object, output: {result: non-empty string}}",
        actual: describeAnswer(exchange),
        exchange,
      });
    },
  },
  {
    id: "DM-marketplace",
    level: "SHOULD",
    profiles: ["mip-003"],
    ref: `${REF.demo}; ${REF.sokosumi}`,
    title: "the demo input is valid for the marketplace's job form (choices as indices, required booleans present)",
    hint: 'Write the demo input as Sokosumi submits a job: option/radio/multiselect as lists of indices ("tone": [1]), numbers as numbers, every non-optional boolean present.',
    async run({ facts }) {
      const exchange = await facts.demo();
      if (statusOf(exchange) === 404) return skip("the server has no /demo endpoint (optional)");
      const input = bodyObject(exchange)?.input;
      if (!is2xx(exchange) || !isObject(input)) return blocked("DM-shape", "the demo has no input object");
      const problems = demoInputProblems(await facts.fields(), input);
      if (problems.length === 0) return pass(exchange);
      return fail({
        message: problems[0]!,
        expected: "an input the marketplace's job form accepts",
        actual: problems.join("; "),
        exchange,
      });
    },
  },
];
