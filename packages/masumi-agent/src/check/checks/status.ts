import { randomUUID } from "node:crypto";
import { ALL_FINDERS } from "../input-schema/problems.js";
import { blocked, fail, pass, skip, type Check } from "../check.js";
import { describeAnswer, statusOf } from "../exchange.js";
import { readStatus } from "../client.js";
import { canonicalize } from "../hash.js";
import type { Exchange } from "../types.js";
import { REF } from "../refs.js";
import { illegalStep } from "../transitions.js";
import { firstAwaitingJob } from "./provide-input-gate.js";
import { judgeRefusals, sendRefusals } from "./refusals.js";

/** The job a /provide_input request was for. */
function providedJobId(exchange: Exchange): string {
  try {
    const body = JSON.parse(exchange.request.body ?? "null") as { job_id?: unknown } | null;
    return typeof body?.job_id === "string" ? body.job_id : "";
  } catch {
    return "";
  }
}

function statusSpec(jobId: string) {
  return { method: "GET" as const, path: "/status", query: { job_id: jobId } };
}

export const statusChecks: Check[] = [
  {
    id: "ST-fresh",
    level: "MUST",
    profiles: ["mip-003"],
    ref: REF.status,
    title: "the status of a job read right after its start is a 2xx JSON object with a status",
    hint: "Store the job before answering /start_job, so that /status finds it at once.",
    async run({ facts }) {
      const [first] = (await facts.referenceTimeline()).reads;
      if (!first) return skip("the job was not read");
      if (first.status !== undefined) return pass(first.exchange);
      return fail({
        message: "the fresh job's status could not be read",
        expected: "a 2xx JSON object with a status string",
        actual: describeAnswer(first.exchange),
        exchange: first.exchange,
      });
    },
  },
  {
    id: "ST-status-id",
    level: "SHOULD",
    profiles: ["mip-003"],
    ref: `${REF.status}; ${REF.decisions}`,
    title:
      "every status answer has an id (older clients quote it as status_id), and the id changes when the status changes",
    hint: "Answer id: an identifier of the current status (a new UUID per status change, the same one between changes).",
    async run({ facts }) {
      // The reference job, and the jobs driven towards awaiting_input: more transitions to see.
      const timelines = [await facts.referenceTimeline()];
      if ((await facts.provideInputProbe()).present)
        for (const attempt of (await facts.drive()).attempts) if (attempt.timeline) timelines.push(attempt.timeline);
      const perJob = timelines.map((timeline) => timeline.reads.filter((read) => read.status !== undefined));
      const reads = perJob.flat();
      if (reads.length === 0) return blocked("ST-fresh", "no status could be read");
      const without = reads.find((read) => read.statusId === undefined);
      if (without) {
        return fail({
          message: "a status answer has no id",
          expected: "id: a non-empty string",
          actual: describeAnswer(without.exchange),
          exchange: without.exchange,
        });
      }
      for (const jobReads of perJob) {
        for (let index = 1; index < jobReads.length; index++) {
          const before = jobReads[index - 1]!;
          const after = jobReads[index]!;
          if (before.status !== after.status && before.statusId === after.statusId) {
            return fail({
              message: `the id stayed ${after.statusId} from ${before.status} to ${after.status}`,
              expected: "a new id for the new status",
              actual: `id ${after.statusId} for both`,
              exchange: after.exchange,
            });
          }
        }
      }
      return pass(...(perJob[0] ?? []).map((read) => read.exchange));
    },
  },
  {
    id: "ST-unknown-id",
    level: "MUST",
    profiles: ["mip-003", "seed"],
    ref: `${REF.status}; ${REF.seedStatus}`,
    title: "the status of an unknown job is 404",
    hint: "Answer 404 with a JSON error when no job has the id.",
    async run({ client }) {
      const exchange = await client.send(statusSpec(randomUUID()));
      if (statusOf(exchange) === 404) return pass(exchange);
      return fail({
        message: "an unknown job id did not get 404",
        expected: "404",
        actual: describeAnswer(exchange),
        exchange,
      });
    },
  },
  {
    id: "ST-missing-id",
    level: "MUST",
    profiles: ["mip-003"],
    ref: `${REF.status}; ${REF.http}`,
    title: "a status request without job_id is 400",
    hint: "Answer 400 when job_id is missing (FastAPI answers 422: declare it optional and answer 400 yourself).",
    async run({ client }) {
      const exchange = await client.get("/status");
      if (statusOf(exchange) === 400) return pass(exchange);
      return fail({
        message: "a missing job_id did not get 400",
        expected: "400",
        actual: describeAnswer(exchange),
        exchange,
      });
    },
  },
  {
    id: "ST-hostile-ids",
    level: "MUST",
    profiles: ["mip-003", "seed"],
    ref: `${REF.status}; ${REF.http}`,
    title: "hostile job ids (path traversal, SQL, 10,000 characters) get a 4xx, never a 5xx",
    hint: "Treat job_id as an opaque string: look it up with parameters, never build paths or queries from it; limit its length.",
    async run({ client }) {
      const ids = ["../../etc/passwd", "' OR 1=1--", "x".repeat(10_000)];
      const run = await sendRefusals(
        client,
        ids.map((id) => ({
          label: `job_id ${JSON.stringify(id.slice(0, 24))}${id.length > 24 ? "…" : ""}`,
          spec: statusSpec(id),
        })),
      );
      return judgeRefusals(run, "a 4xx answer (404 or 400)");
    },
  },
  {
    id: "ST-stable",
    level: "MUST",
    profiles: ["mip-003"],
    phase: "final",
    ref: `${REF.status}; ${REF.sokosumi}`,
    title:
      "two reads of a job in the same status answer the same JSON (Sokosumi hashes the whole answer to see changes)",
    hint: "Answer only what belongs to the status: no timestamps that tick, no per-request ids; the status id changes only with the status.",
    async run(ctx) {
      const blockedBy = await ctx.facts.baseline();
      const previous = new Map<string, { status: string; canonical: string; exchange: Exchange }>();
      let pairs = 0;
      for (const exchange of [...ctx.exchanges()].sort((a, b) => a.seq - b.seq)) {
        // Input may take a job back into a status it had (a second question): compare anew from there.
        if (exchange.endpoint === "/provide_input") previous.delete(providedJobId(exchange));
        if (exchange.endpoint !== "/status") continue;
        const read = readStatus(exchange);
        if (read.status === undefined) continue;
        const jobId = new URL(exchange.request.url).searchParams.get("job_id") ?? "";
        const canonical = canonicalize(read.body);
        const before = previous.get(jobId);
        previous.set(jobId, { status: read.status, canonical, exchange });
        if (!before || before.status !== read.status) continue;
        pairs++;
        if (before.canonical === canonical) continue;
        return fail(
          {
            message: `two ${read.status} answers of the same job differ`,
            expected: before.canonical,
            actual: canonical,
            exchange,
          },
          before.exchange,
        );
      }
      if (pairs > 0) return pass();
      return blockedBy ? blocked(blockedBy.by, blockedBy.message) : skip("no job was read twice in the same status");
    },
  },
  {
    id: "ST-transitions",
    level: "MUST",
    profiles: ["mip-003"],
    ref: REF.status,
    title: "a job polled until it settles only moves forward, and stays settled",
    hint: "Never go back to awaiting_payment, and never leave completed or failed.",
    async run({ facts, client }) {
      const timeline = await facts.referenceTimeline();
      const last = timeline.reads[timeline.reads.length - 1];
      if (!timeline.final) {
        if (last?.status === "awaiting_payment") {
          return skip("the job stayed in awaiting_payment for the whole job timeout: a real payment would be needed");
        }
        return fail({
          message: `the job did not settle: ${timeline.gaveUp}`,
          expected: "completed, failed or awaiting_input within --job-timeout",
          actual: last ? describeAnswer(last.exchange) : "no read",
          exchange: last?.exchange,
        });
      }
      const reads = [...timeline.reads];
      if (timeline.final.status !== "awaiting_input") reads.push(await client.status(timeline.jobId));
      const step = illegalStep(reads.map((read) => read.status));
      if (!step) return pass(...reads.map((read) => read.exchange));
      return fail({
        message: `illegal transition ${step.from} -> ${step.to}`,
        expected: "only forward transitions",
        actual: reads.map((read) => read.status ?? "?").join(" -> "),
        exchange: reads[step.index]?.exchange,
      });
    },
  },
  {
    id: "ST-input-schema-valid",
    level: "MUST",
    profiles: ["mip-003"],
    ref: `${REF.status}; ${REF.inputSchema}; ${REF.fields}`,
    title: "the input_schema of an awaiting_input status is a valid input schema",
    hint: "Describe the requested input exactly like /input_schema: fields with id, type, name, well-formed validations.",
    async run(ctx) {
      const job = await firstAwaitingJob(ctx);
      if ("outcome" in job) return job;
      const schema = job.read.body?.input_schema;
      if (typeof schema !== "object" || schema === null)
        return blocked("MK-awaiting-input-schema", "the awaiting_input status has no input_schema");
      const problems = ALL_FINDERS.flatMap((finder) => finder(schema));
      if (problems.length === 0) return pass(job.read.exchange);
      return fail({
        message: problems[0]!,
        expected: "a schema that passes every IS and MK schema rule",
        actual: problems.join("; "),
        exchange: job.read.exchange,
      });
    },
  },
];
