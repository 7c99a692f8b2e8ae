import { randomUUID } from "node:crypto";
import { blocked, fail, pass, skip, type Check, type CheckContext } from "../check.js";
import { bodyObject, describeAnswer, is2xx, is4xx, nonEmptyString } from "../exchange.js";
import { Blocked, type AwaitingJob } from "../facts.js";
import { inputHash } from "../hash.js";
import { inputFields } from "../input-schema/fields.js";
import { requiredOnlyInput, type InputData } from "../input-schema/inputs.js";
import { SCHEMA_HASH_FORMS, SOKOSUMI_FORM, inputSchemaHash, type SchemaHashForm } from "../input-schema/normal-form.js";
import { hasFieldList } from "../input-schema/problems.js";
import { wrongTypeValue } from "../input-schema/values.js";
import { isSettled, pollUntil } from "../poll.js";
import { REF } from "../refs.js";
import type { Exchange, Verdict } from "../types.js";
import { withoutProvideInput } from "./provide-input-gate.js";
import { judgeRefusals, sendRefusals } from "./refusals.js";

/** The input_schema the agent asked for while the job waits for input. */
function requestedSchema(job: AwaitingJob): Record<string, unknown> {
  const schema = job.read.body?.input_schema;
  if (typeof schema !== "object" || schema === null || Array.isArray(schema))
    throw new Blocked("MK-awaiting-input-schema", "the awaiting_input status has no input_schema");
  if (hasFieldList(schema).length > 0)
    throw new Blocked("ST-input-schema-valid", "the requested input_schema has no field list");
  return schema as Record<string, unknown>;
}

/** The fields the agent asked for while the job waits for input. */
function requestedFields(job: AwaitingJob) {
  return inputFields(requestedSchema(job));
}

function statusIdOf(job: AwaitingJob): string {
  if (job.read.statusId === undefined)
    throw new Blocked("ST-status-id", "the awaiting_input status has no id to quote as status_id");
  return job.read.statusId;
}

interface AnswerRequest {
  job_id: string;
  input_schema_hash: string;
  input_data: InputData;
}

/** An answer to the job's question as Sokosumi sends it (spec 2), the hash in `form`. */
function answerOf(job: AwaitingJob, input: InputData, form: SchemaHashForm = SOKOSUMI_FORM): AnswerRequest {
  return {
    job_id: job.timeline.jobId,
    input_schema_hash: inputSchemaHash(requestedSchema(job), form),
    input_data: input,
  };
}

interface Provided {
  job: AwaitingJob;
  request: AnswerRequest;
  exchange: Exchange;
}

/** The one valid /provide_input of the run: PI-accepts judges the answer, PI-replay repeats it. */
function provideValidInput(ctx: CheckContext): Promise<Provided> {
  return ctx.facts.shared("provide-input:valid", async (client) => {
    const job = await ctx.facts.awaitingJob();
    const request = answerOf(job, requiredOnlyInput(requestedFields(job)));
    return {
      job,
      request,
      exchange: await client.post("/provide_input", request),
    };
  });
}

/** Valid input for a job of its own, quoting the question as `question` says; judged by its 2xx. */
async function acceptedOnItsOwnJob(
  ctx: CheckContext,
  label: string,
  question: (job: AwaitingJob) => Record<string, unknown>,
): Promise<Verdict> {
  const job = await ctx.facts.awaitingJob();
  const request = {
    job_id: job.timeline.jobId,
    ...question(job),
    input_data: requiredOnlyInput(requestedFields(job)),
  };
  const exchange = await ctx.client.post("/provide_input", request);
  if (is2xx(exchange)) return pass(job.read.exchange, exchange);
  return fail({
    message: `refused: ${label}`,
    expected: "a 2xx answer",
    actual: describeAnswer(exchange),
    exchange,
  });
}

function evidenceOf(verdict: Verdict): Exchange[] {
  return verdict.outcome === "skip" ? [] : verdict.evidence;
}

/** After a refused /provide_input the job must still wait for input, under the same status id. */
async function stillWaiting(ctx: CheckContext, job: AwaitingJob, refusal: Exchange): Promise<Verdict> {
  // The first readable status: an unreadable answer (a 5xx) is GL-no-5xx's to report, not a change.
  const { reads } = await pollUntil(ctx.client, job.timeline.jobId, () => true, { deadline: ctx.facts.deadline() });
  const read = reads[reads.length - 1]!;
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
    id: "PI-accepts",
    level: "MUST",
    profiles: ["mip-003"],
    ref: `${REF.provideInput}; ${REF.hashes}`,
    title: "valid input for a job in awaiting_input is accepted with input_hash and signature",
    hint: "Accept {job_id, input_schema_hash, input_data} (the hash as Sokosumi sends it: sha256 of the JCS of the normal-form input_data list) that matches the requested schema; answer the input_hash and the agent's signature of it.",
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
      return fail({
        message: "input_hash is not the MIP-004 hash of the provided input",
        expected,
        actual,
        exchange,
      });
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
      const request = {
        job_id: randomUUID(),
        input_schema_hash: "0".repeat(64),
        input_data: {},
      };
      const run = await sendRefusals(ctx.client, [
        {
          label: "input for an unknown job",
          spec: { method: "POST", path: "/provide_input", json: request },
        },
      ]);
      return judgeRefusals(run, "a 4xx answer (404)");
    },
  },
  {
    id: "PI-hash-forms",
    level: "MUST",
    profiles: ["mip-003"],
    ref: `${REF.provideInput}; ${REF.decisions}; spec §4.3`,
    title:
      "input_schema_hash is accepted in each of the four forms of spec 4.3 (clients normalise schemas differently)",
    hint: "Compare input_schema_hash with all four hashes of the awaited schema (inner array or wrapped object, normal form or as served); a hash of no form: validate the input and accept it, with a warning in the log.",
    async run(ctx) {
      const absent = await withoutProvideInput(ctx);
      if (absent) return absent;
      const others = SCHEMA_HASH_FORMS.filter((form) => form !== SOKOSUMI_FORM);
      const verdicts = await Promise.all(
        others.map((form) =>
          acceptedOnItsOwnJob(ctx, `input_schema_hash as the ${form}`, (job) => ({
            input_schema_hash: inputSchemaHash(requestedSchema(job), form),
          })),
        ),
      );
      return verdicts.find((verdict) => verdict.outcome !== "pass") ?? pass(...verdicts.flatMap(evidenceOf));
    },
  },
  {
    id: "PI-status-id",
    level: "SHOULD",
    profiles: ["mip-003"],
    ref: `${REF.provideInput}; ${REF.decisions}`,
    title: "the legacy {job_id, status_id, input_data} (older clients) is accepted too",
    hint: "When a request has status_id and no input_schema_hash, accept it if status_id is the id of the awaiting_input status.",
    async run(ctx) {
      const absent = await withoutProvideInput(ctx);
      if (absent) return absent;
      return acceptedOnItsOwnJob(ctx, "status_id of the awaiting_input status", (job) => ({
        status_id: statusIdOf(job),
      }));
    },
  },
  {
    id: "PI-stale",
    level: "SHOULD",
    profiles: ["mip-003"],
    ref: `${REF.provideInput}; ${REF.decisions}`,
    title: "input quoting a status_id that is not the awaited one (an earlier status's) is refused and changes nothing",
    hint: "Remember the status ids a job had; a status_id (or input_schema_hash) of an earlier one is a stale answer: 409.",
    async run(ctx) {
      const absent = await withoutProvideInput(ctx);
      if (absent) return absent;
      const job = await ctx.facts.awaitingJob();
      const current = statusIdOf(job);
      const earlier = job.timeline.reads.map((read) => read.statusId).find((id) => id !== undefined && id !== current);
      // A job first read when it already awaited input shows no earlier id: one it never had is as stale.
      const request = {
        job_id: job.timeline.jobId,
        status_id: earlier ?? `stale-${randomUUID()}`,
        input_data: requiredOnlyInput(requestedFields(job)),
      };
      return refusedOnWaitingJob(ctx, job, "the status_id of an earlier status", request);
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
      return refusedOnWaitingJob(ctx, job, label, answerOf(job, input));
    },
  },
  {
    id: "PI-replay",
    level: "MUST",
    profiles: ["mip-003"],
    ref: REF.provideInput,
    title: "the same input sent again after the job went on is never applied twice",
    hint: "Refuse input for a job that no longer awaits it with 409 (or answer the first result again without acting on it).",
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
