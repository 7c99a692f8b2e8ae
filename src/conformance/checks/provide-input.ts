import { randomUUID } from "node:crypto";
import { blocked, fail, pass, skip, type Check, type CheckContext } from "../check.js";
import { bodyObject, describeAnswer, is2xx, is4xx, nonEmptyString } from "../exchange.js";
import { Blocked, type AwaitingJob } from "../facts.js";
import { inputHash } from "../hash.js";
import { inputFields } from "../input-schema/fields.js";
import { requiredOnlyInput, type InputData } from "../input-schema/inputs.js";
import { hasFieldList } from "../input-schema/problems.js";
import { wrongTypeValue } from "../input-schema/values.js";
import { isSettled, pollUntil } from "../poll.js";
import { REF } from "../refs.js";
import type { Exchange, Verdict } from "../types.js";
import { withoutProvideInput } from "./provide-input-gate.js";
import { judgeRefusals, sendRefusals } from "./refusals.js";

/** The fields the agent asked for while the job waits for input. */
function requestedFields(job: AwaitingJob) {
  const schema = job.read.body?.input_schema;
  if (typeof schema !== "object" || schema === null)
    throw new Blocked("MK-awaiting-input-schema", "the awaiting_input status has no input_schema");
  if (hasFieldList(schema).length > 0)
    throw new Blocked("ST-input-schema-valid", "the requested input_schema has no field list");
  return inputFields(schema);
}

function statusIdOf(job: AwaitingJob): string {
  if (job.read.statusId === undefined)
    throw new Blocked("ST-status-id", "the awaiting_input status has no id to quote as status_id");
  return job.read.statusId;
}

interface Provided {
  job: AwaitingJob;
  request: { job_id: string; status_id: string; input_data: InputData };
  exchange: Exchange;
}

/** The one valid /provide_input of the run: PI-accepts judges the answer, PI-replay repeats it. */
function provideValidInput(ctx: CheckContext): Promise<Provided> {
  return ctx.facts.shared("provide-input:valid", async (client) => {
    const job = await ctx.facts.awaitingJob();
    const request = {
      job_id: job.timeline.jobId,
      status_id: statusIdOf(job),
      input_data: requiredOnlyInput(requestedFields(job)),
    };
    return { job, request, exchange: await client.post("/provide_input", request) };
  });
}

/** After a refused /provide_input the job must still wait for input, under the same status id. */
async function stillWaiting(ctx: CheckContext, job: AwaitingJob, refusal: Exchange): Promise<Verdict> {
  const read = await ctx.client.status(job.timeline.jobId);
  if (read.status === "awaiting_input" && read.statusId === job.read.statusId) return pass(refusal, read.exchange);
  return fail(
    {
      message: "the refused input changed the job",
      expected: `awaiting_input with status id ${job.read.statusId}`,
      actual: `${read.status} with status id ${read.statusId}`,
      exchange: read.exchange,
    },
    refusal,
  );
}

async function refusedOnWaitingJob(
  ctx: CheckContext,
  job: AwaitingJob,
  label: string,
  request: unknown,
): Promise<Verdict> {
  const exchange = await ctx.client.post("/provide_input", request);
  if (!is4xx(exchange)) {
    return fail({
      message: `not refused: ${label}`,
      expected: "a 4xx answer",
      actual: describeAnswer(exchange),
      exchange,
    });
  }
  return stillWaiting(ctx, job, exchange);
}

export const provideInputChecks: Check[] = [
  {
    id: "PI-drive",
    level: "MUST",
    profiles: ["mip-003"],
    ref: REF.provideInput,
    title: "a server with /provide_input can be driven into awaiting_input (else its input flow is not testable)",
    hint: "Let an input the schema allows (a boolean or choice field, say) make the job ask for input, or pass --input with one that does.",
    async run(ctx) {
      const absent = await withoutProvideInput(ctx);
      if (absent) return absent;
      const drive = await ctx.facts.drive();
      const [found] = drive.awaiting;
      if (found) return pass(found.started.exchange, found.read.exchange);
      const outcomes = drive.attempts.map(({ started, timeline }) =>
        !started.accepted
          ? `refused (${started.exchange.response?.status ?? "no answer"})`
          : (timeline?.reads[timeline.reads.length - 1]?.status ?? "unreadable"),
      );
      if (outcomes.every((outcome) => outcome === "awaiting_payment")) {
        return skip("the jobs stayed in awaiting_payment: a real payment would be needed to reach awaiting_input");
      }
      return fail({
        message: "not testable: no job reached awaiting_input",
        expected: "one job, started with booleans switched on or another choice, reaching awaiting_input",
        actual: `${outcomes.length} jobs ended as: ${outcomes.join(", ")}`,
        exchange: drive.attempts[0]?.started.exchange,
      });
    },
  },
  {
    id: "PI-accepts",
    level: "MUST",
    profiles: ["mip-003"],
    ref: `${REF.provideInput}; ${REF.hashes}`,
    title: "valid input for a job in awaiting_input is accepted with input_hash and signature",
    hint: "Accept {job_id, status_id, input_data} that matches the requested schema; answer the input_hash and the agent's signature of it.",
    async run(ctx) {
      const absent = await withoutProvideInput(ctx);
      if (absent) return absent;
      const { exchange } = await provideValidInput(ctx);
      const body = bodyObject(exchange);
      const missing = ["input_hash", "signature"].filter((key) => !nonEmptyString(body?.[key]));
      if (is2xx(exchange) && missing.length === 0) return pass(exchange);
      return fail({
        message: is2xx(exchange) ? `the answer has no ${missing.join(" and no ")}` : "valid input was refused",
        expected: "a 2xx answer with input_hash and signature",
        actual: describeAnswer(exchange),
        exchange,
      });
    },
  },
  {
    id: "PI-input-hash",
    level: "MUST",
    profiles: ["mip-003"],
    ref: `${REF.hashes}; ${REF.provideInput}`,
    title: 'the input_hash of provided input is sha256(identifier_from_purchaser + ";" + JCS(input_data))',
    hint: "Hash provided input like the start's input: the job's identifier_from_purchaser, a semicolon, the RFC 8785 canonical input_data.",
    async run(ctx) {
      const absent = await withoutProvideInput(ctx);
      if (absent) return absent;
      const { job, request, exchange } = await provideValidInput(ctx);
      const actual = bodyObject(exchange)?.input_hash;
      if (!is2xx(exchange) || !nonEmptyString(actual)) return blocked("PI-accepts", "no input_hash came back");
      const expected = inputHash(job.started.identifier ?? "", request.input_data);
      if (actual === expected) return pass(exchange);
      return fail({ message: "input_hash is not the MIP-004 hash of the provided input", expected, actual, exchange });
    },
  },
  {
    id: "PI-unknown-job",
    level: "MUST",
    profiles: ["mip-003"],
    ref: REF.provideInput,
    title: "input for an unknown job is refused with a 4xx (404)",
    hint: "Answer 404 when no job has the job_id.",
    async run(ctx) {
      const absent = await withoutProvideInput(ctx);
      if (absent) return absent;
      const request = { job_id: randomUUID(), status_id: randomUUID(), input_data: {} };
      const run = await sendRefusals(ctx.client, [
        { label: "input for an unknown job", spec: { method: "POST", path: "/provide_input", json: request } },
      ]);
      return judgeRefusals(run, "a 4xx answer (404)");
    },
  },
  {
    id: "PI-stale",
    level: "MUST",
    profiles: ["mip-003"],
    ref: REF.provideInput,
    title: "input quoting a stale status_id is refused and changes nothing",
    hint: "Compare status_id with the job's current status id and answer 4xx (409 or 400) when they differ.",
    async run(ctx) {
      const absent = await withoutProvideInput(ctx);
      if (absent) return absent;
      const job = await ctx.facts.awaitingJob();
      const current = statusIdOf(job);
      const earlier = job.timeline.reads.map((read) => read.statusId).find((id) => id !== undefined && id !== current);
      const request = {
        job_id: job.timeline.jobId,
        status_id: earlier ?? `stale-${randomUUID()}`,
        input_data: requiredOnlyInput(requestedFields(job)),
      };
      return refusedOnWaitingJob(ctx, job, "a stale status_id", request);
    },
  },
  {
    id: "PI-invalid-input",
    level: "MUST",
    profiles: ["mip-003"],
    ref: REF.provideInput,
    title: "input that does not match the requested schema is refused and changes nothing",
    hint: "Validate provided input against the input_schema of the awaiting_input status, like /start_job does.",
    async run(ctx) {
      const absent = await withoutProvideInput(ctx);
      if (absent) return absent;
      const job = await ctx.facts.awaitingJob();
      const fields = requestedFields(job);
      const valid = requiredOnlyInput(fields);
      const required = fields.find((field) => !field.optional && !field.hasDefault && field.type !== "hidden");
      const wrong = fields.find((field) => wrongTypeValue(field) !== undefined);
      let input: InputData;
      if (required) {
        input = { ...valid };
        delete input[required.id];
      } else if (wrong) {
        input = { ...valid, [wrong.id]: wrongTypeValue(wrong) };
      } else {
        return skip("the requested input has no field that could be wrong");
      }
      const label = required ? `required field "${required.id}" missing` : `"${wrong?.id}" of the wrong type`;
      return refusedOnWaitingJob(ctx, job, label, {
        job_id: job.timeline.jobId,
        status_id: statusIdOf(job),
        input_data: input,
      });
    },
  },
  {
    id: "PI-replay",
    level: "MUST",
    profiles: ["mip-003"],
    ref: REF.provideInput,
    title: "the same input sent again after the job went on is never applied twice",
    hint: "Refuse input whose status_id is no longer current (or answer the first result again without acting on it).",
    async run(ctx) {
      const absent = await withoutProvideInput(ctx);
      if (absent) return absent;
      const provided = await provideValidInput(ctx);
      if (!is2xx(provided.exchange)) return blocked("PI-accepts", "the valid input was not accepted");
      const timeline = await pollUntil(ctx.client, provided.request.job_id, isSettled, {
        deadline: ctx.facts.deadline(),
      });
      if (!timeline.final) {
        const last = timeline.reads[timeline.reads.length - 1];
        return fail({
          message: `the job did not settle after its input was provided: ${timeline.gaveUp}`,
          expected: "completed or failed",
          actual: last ? describeAnswer(last.exchange) : "no read",
          exchange: last?.exchange,
        });
      }
      const replay = await ctx.client.post("/provide_input", provided.request);
      const firstHash = bodyObject(provided.exchange)?.input_hash;
      if (!is4xx(replay) && !(is2xx(replay) && bodyObject(replay)?.input_hash === firstHash)) {
        return fail({
          message: "the replay was not refused",
          expected: "a 4xx answer (or the first answer again)",
          actual: describeAnswer(replay),
          exchange: replay,
        });
      }
      const after = await ctx.client.status(provided.request.job_id);
      const before = timeline.final;
      if (after.status === before.status && after.body?.result === before.body?.result)
        return pass(provided.exchange, replay, after.exchange);
      return fail(
        {
          message: "the replayed input was applied again",
          expected: `the job still ${before.status}, result unchanged`,
          actual: `${after.status}, result ${JSON.stringify(after.body?.result)}`,
          exchange: replay,
        },
        after.exchange,
      );
    },
  },
];
