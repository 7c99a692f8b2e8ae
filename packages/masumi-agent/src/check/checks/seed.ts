import { blocked, fail, pass, skip, type Check } from "../check.js";
import { describeAnswer, is2xx, nonEmptyString } from "../exchange.js";
import { REF } from "../refs.js";

/** The original three-endpoint API (agentic-service-api.seed.md), as its clients use it. */
export const seedChecks: Check[] = [
  {
    id: "SJ-seed-start",
    level: "MUST",
    profiles: ["seed"],
    ref: REF.seedStart,
    title: "a start with input_data as a string answers job_id and payment_id",
    hint: 'Accept {"input_data": "<text>"} and answer {"job_id": "...", "payment_id": "..."}.',
    async run({ facts }) {
      const { exchange, body } = await facts.seedStart();
      const missing = ["job_id", "payment_id"].filter((key) => !nonEmptyString(body?.[key]));
      if (is2xx(exchange) && missing.length === 0) return pass(exchange);
      return fail({
        message: is2xx(exchange) ? `the answer has no ${missing.join(" and no ")}` : "the start was refused",
        expected: "a 2xx answer with job_id and payment_id",
        actual: describeAnswer(exchange),
        exchange,
      });
    },
  },
  {
    id: "ST-seed-fields",
    level: "MUST",
    profiles: ["seed"],
    ref: REF.seedStatus,
    title: "the status of a started job answers its job_id and a status",
    hint: 'Answer {"job_id": "<the id>", "status": "<status>"} to GET /status?job_id=.',
    async run({ facts }) {
      const started = await facts.seedStart();
      const [first] = (await facts.seedTimeline()).reads;
      if (!first) return skip("the job was not read");
      const body = first.body;
      if (body?.job_id === started.body?.job_id && nonEmptyString(body?.status)) return pass(first.exchange);
      return fail({
        message: "the status answer lacks job_id or status",
        expected: `job_id ${String(started.body?.job_id)} and a status string`,
        actual: describeAnswer(first.exchange),
        exchange: first.exchange,
      });
    },
  },
  {
    id: "ST-seed-result",
    level: "MUST",
    profiles: ["seed"],
    ref: REF.seedStatus,
    title: "a completed job's status carries its result",
    hint: 'Answer "result": "<the output>" once the job is completed.',
    async run({ facts }) {
      const timeline = await facts.seedTimeline();
      const final = timeline.final;
      if (!final) {
        const last = timeline.reads[timeline.reads.length - 1];
        if (last?.status === undefined) return blocked("ST-seed-fields", "the job's status could not be read");
        return skip(`the job did not settle within the job timeout (last status: ${last.status})`);
      }
      if (final.status !== "completed") return skip(`the job ended ${final.status}: there is no result to check`);
      if (nonEmptyString(final.body?.result)) return pass(final.exchange);
      return fail({
        message: "the completed job has no result",
        expected: "result: a non-empty string",
        actual: describeAnswer(final.exchange),
        exchange: final.exchange,
      });
    },
  },
];
