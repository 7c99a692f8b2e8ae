import { fail, pass, type Check } from "../check.js";
import { describeAnswer, is2xx } from "../exchange.js";
import { REF } from "../refs.js";

/** The registry's health check waits 32 s; an agent that takes more than 2 s is in trouble anyway. */
const FAST_ENOUGH_MS = 2000;

export const availabilityChecks: Check[] = [
  {
    id: "AV-status",
    level: "MUST",
    profiles: ["mip-003", "seed"],
    ref: `${REF.availability}; ${REF.seedAvailability}`,
    title: 'GET /availability answers a JSON object with status "available" or "unavailable"',
    hint: 'Answer 200 with {"status": "available", "type": "masumi-agent"}; "message", when present, is a string.',
    async run({ facts }) {
      const { final, body } = await facts.availability();
      const expected = 'a 2xx JSON object with status "available" or "unavailable"';
      if (!is2xx(final) || !body)
        return fail({ message: "no JSON object came back", expected, actual: describeAnswer(final), exchange: final });
      if (body.status !== "available" && body.status !== "unavailable") {
        return fail({
          message: "status has another value",
          expected,
          actual: `status: ${JSON.stringify(body.status)}`,
          exchange: final,
        });
      }
      if (body.message !== undefined && typeof body.message !== "string") {
        return fail({
          message: "message is not a string",
          expected: "message, when present, a string",
          actual: `message: ${JSON.stringify(body.message)}`,
          exchange: final,
        });
      }
      return pass(final);
    },
  },
  {
    id: "AV-fast",
    level: "SHOULD",
    profiles: ["mip-003", "seed"],
    ref: REF.availability,
    title: `GET /availability answers within ${FAST_ENOUGH_MS / 1000} s`,
    hint: "Answer /availability from memory: no calls to models, databases or the payment service on this path.",
    async run({ facts }) {
      const { first } = await facts.availability();
      if (first.response && first.durationMs <= FAST_ENOUGH_MS) return pass(first);
      return fail({
        message: "the availability answer is slow",
        expected: `an answer within ${FAST_ENOUGH_MS} ms`,
        actual: first.response ? `${first.durationMs} ms` : describeAnswer(first),
        exchange: first,
      });
    },
  },
];
