import { blocked, fail, pass, skip, type Check, type CheckContext } from "../check.js";
import { newIdentifier, type Started } from "../client.js";
import { describeAnswer, is2xx, nonEmptyString } from "../exchange.js";
import { inputHash } from "../hash.js";
import { idEntropy } from "../id-entropy.js";
import { boundaries } from "../input-schema/values.js";
import { REF } from "../refs.js";
import type { Verdict } from "../types.js";
import { PAYMENT_TIMES, paidReference } from "./payment-fields.js";

/** Unix milliseconds of 2001-09-09: anything smaller is seconds, not milliseconds. */
const MIN_MILLISECONDS = 1e12;
const MINUTE = 60_000;
/** The random bits of a v4 UUID. */
const MIN_ID_BITS = 122;

function acceptedStart(start: Started | undefined, what: string): Verdict {
  if (!start) return skip("--input was given: inputs are not derived from the schema");
  if (start.accepted && start.body) return pass(start.exchange);
  return fail({
    message: `the server refused ${what}`,
    expected: "a 2xx answer with a JSON object",
    actual: describeAnswer(start.exchange),
    exchange: start.exchange,
  });
}

/**
 * A field the start answer echoes or derives: free agents may leave it out; for paid agents
 * its absence is MK-start-fields' failure. Undefined when the value is there to be compared.
 */
async function absentField(ctx: CheckContext, start: Started, key: string): Promise<Verdict | undefined> {
  if (nonEmptyString(start.body?.[key])) return undefined;
  if ((await ctx.facts.payment()).free) return skip(`free agent: the start answered no ${key}`);
  return blocked("MK-start-fields", `the start answered no ${key}`);
}

export const startJobChecks: Check[] = [
  {
    id: "SJ-start-required",
    level: "MUST",
    profiles: ["mip-003"],
    ref: REF.startJob,
    title: "a valid start with only the required fields (or --input) is accepted",
    hint: "Accept {identifier_from_purchaser, input_data} whose input_data holds the required fields; optional fields may be absent.",
    async run({ facts }) {
      return acceptedStart(await facts.requiredStart(), "a valid input with only the required fields");
    },
  },
  {
    id: "SJ-start-full",
    level: "MUST",
    profiles: ["mip-003"],
    ref: `${REF.startJob}; ${REF.fields}`,
    title: "a valid start with every field filled (each type, within bounds and formats) is accepted",
    hint: "Validate each field by its type and validations as Attachment 01 defines them; accept every valid value.",
    async run({ facts }) {
      return acceptedStart(await facts.everyFieldStart(), "a valid input with every field filled");
    },
  },
  {
    id: "SJ-id",
    level: "MUST",
    profiles: ["mip-003"],
    ref: REF.startJob,
    title: "the start answer carries the job id as id",
    hint: 'Answer "id": "<job id>" (a seed-style "job_id" alone is not enough).',
    async run({ facts }) {
      const starts = [await facts.requiredStart(), await facts.everyFieldStart()];
      const start = starts.find((candidate) => candidate?.accepted);
      if (!start) return blocked("SJ-start-required", "no start was accepted");
      if (nonEmptyString(start.body?.id)) return pass(start.exchange);
      return fail({
        message: "the answer has no id",
        expected: "id: a non-empty string",
        actual: describeAnswer(start.exchange),
        exchange: start.exchange,
      });
    },
  },
  {
    id: "SJ-echo",
    level: "MUST",
    profiles: ["mip-003"],
    ref: REF.startJob,
    title: "identifierFromPurchaser echoes identifier_from_purchaser",
    hint: "Answer identifierFromPurchaser with exactly the identifier_from_purchaser of the request.",
    async run(ctx) {
      const reference = await ctx.facts.reference();
      const absent = await absentField(ctx, reference, "identifierFromPurchaser");
      if (absent) return absent;
      if (reference.body?.identifierFromPurchaser === reference.identifier) return pass(reference.exchange);
      return fail({
        message: "identifierFromPurchaser differs from what was sent",
        expected: reference.identifier,
        actual: String(reference.body?.identifierFromPurchaser),
        exchange: reference.exchange,
      });
    },
  },
  {
    id: "SJ-input-hash",
    level: "MUST",
    profiles: ["mip-003"],
    ref: `${REF.hashes}; ${REF.startJob}`,
    title: 'input_hash is sha256(identifier_from_purchaser + ";" + JCS(input_data))',
    hint: "Hash the input_data as received, canonicalised with RFC 8785 (JCS), prefixed by the identifier and a semicolon.",
    async run(ctx) {
      const reference = await ctx.facts.reference();
      const absent = await absentField(ctx, reference, "input_hash");
      if (absent) return absent;
      const full = await ctx.facts.everyFieldStart();
      const starts =
        full?.accepted && full !== reference && full.identifier !== reference.identifier
          ? [reference, full]
          : [reference];
      for (const start of starts) {
        const expected = inputHash(start.identifier ?? "", start.input);
        const actual = start.body?.input_hash;
        if (actual !== expected) {
          return fail({
            message: "input_hash is not the MIP-004 hash of the request",
            expected,
            actual: String(actual),
            exchange: start.exchange,
          });
        }
      }
      return pass(...starts.map((start) => start.exchange));
    },
  },
  {
    id: "SJ-input-hash-camel",
    level: "SHOULD",
    profiles: ["mip-003"],
    ref: `${REF.startJob}; ${REF.decisions}`,
    title: "the start answers inputHash (as the official Python SDK does) beside input_hash, with the same value",
    hint: "Answer both input_hash (which Sokosumi requires) and inputHash (which SDK-based clients read), the same hash.",
    async run(ctx) {
      const reference = await ctx.facts.reference();
      const absent = await absentField(ctx, reference, "input_hash");
      if (absent) return absent;
      const camel = reference.body?.inputHash;
      if (camel === reference.body?.input_hash) return pass(reference.exchange);
      return fail({
        message: camel === undefined ? "the answer has no inputHash" : "inputHash differs from input_hash",
        expected: `inputHash: ${String(reference.body?.input_hash)}`,
        actual: `inputHash: ${JSON.stringify(camel)}`,
        exchange: reference.exchange,
      });
    },
  },
  {
    id: "SJ-times-integers",
    level: "MUST",
    profiles: ["mip-003"],
    ref: `${REF.startJob}; ${REF.payment}`,
    title: "the four payment times are JSON integers in Unix milliseconds",
    hint: "Pass the payment service's times on unchanged as numbers of milliseconds: the buyer re-derives the blockchainIdentifier from them.",
    async run(ctx) {
      const paid = await paidReference(ctx, PAYMENT_TIMES);
      if ("verdict" in paid) return paid.verdict;
      for (const key of PAYMENT_TIMES) {
        const value = paid.body[key];
        if (typeof value !== "number" || !Number.isSafeInteger(value) || value < MIN_MILLISECONDS) {
          return fail({
            message: `${key} is not an integer number of milliseconds`,
            expected: `${key}: an integer such as ${Date.now()}`,
            actual: `${key}: ${JSON.stringify(value)}`,
            exchange: paid.reference.exchange,
          });
        }
      }
      return pass(paid.reference.exchange);
    },
  },
  {
    id: "SJ-times-order",
    level: "SHOULD",
    profiles: ["mip-003"],
    ref: REF.payment,
    title: "submitResultTime is at least 15 min ahead and payByTime at least 5 min before it",
    hint: "Use the times the payment service answered; it enforces these margins itself.",
    async run(ctx) {
      const paid = await paidReference(ctx, ["payByTime", "submitResultTime"]);
      if ("verdict" in paid) return paid.verdict;
      const payBy = Number(paid.body.payByTime);
      const submitResult = Number(paid.body.submitResultTime);
      // The answer was made before this check ran: allow a minute of slack for that.
      const earliest = Date.now() - MINUTE + 15 * MINUTE;
      if (submitResult >= earliest && payBy <= submitResult - 5 * MINUTE) return pass(paid.reference.exchange);
      return fail({
        message: "the payment times break the payment service's margins",
        expected: `submitResultTime >= ${earliest} and payByTime <= submitResultTime - ${5 * MINUTE}`,
        actual: `payByTime ${payBy}, submitResultTime ${submitResult}`,
        exchange: paid.reference.exchange,
      });
    },
  },
  {
    id: "SJ-distinct-ids",
    level: "MUST",
    profiles: ["mip-003"],
    ref: REF.startJob,
    title: "two identical starts get two distinct job ids",
    hint: "Make job ids unique (a UUID), never derived from the request.",
    async run({ facts, client }) {
      const reference = await facts.reference();
      const identifier = newIdentifier();
      const first = await client.start(reference.input, identifier);
      const second = await client.start(reference.input, identifier);
      for (const start of [first, second]) {
        if (!start.accepted || !start.jobId) {
          return fail({
            message: "a repeated start was not accepted",
            expected: "a 2xx answer with an id",
            actual: describeAnswer(start.exchange),
            exchange: start.exchange,
          });
        }
      }
      if (first.jobId !== second.jobId) return pass();
      return fail({
        message: "both starts got the same id",
        expected: "two different ids",
        actual: `${first.jobId} twice`,
        exchange: second.exchange,
      });
    },
  },
  {
    id: "SJ-unguessable-ids",
    level: "SHOULD",
    profiles: ["mip-003"],
    ref: REF.startJob,
    title: `job ids carry at least ${MIN_ID_BITS} random bits (unguessable, like a v4 UUID)`,
    hint: "Whoever knows a job id reads its result: make ids random (crypto.randomUUID()), never a counter, a timestamp or a short random string.",
    async run({ facts, client }) {
      const reference = await facts.reference();
      const starts = await Promise.all(Array.from({ length: 3 }, () => client.start(reference.input, newIdentifier())));
      const refused = starts.find((start) => !start.accepted || !start.jobId);
      if (refused) return blocked("SJ-start-required", "a start was not accepted");
      const ids = starts.map((start) => start.jobId!);
      const { bits, reason } = idEntropy(ids);
      if (bits >= MIN_ID_BITS) return pass();
      return fail({
        message: `the ids carry at most ${bits} random bits (${reason})`,
        expected: `at least ${MIN_ID_BITS} random bits per id`,
        actual: ids.join(", "),
        exchange: starts[0]!.exchange,
      });
    },
  },
  {
    id: "SJ-bounds-exact",
    level: "MUST",
    profiles: ["mip-003"],
    ref: REF.fields,
    title: "values exactly at a field's min and max are accepted (bounds are inclusive)",
    hint: "Compare with < min and > max, not <= or >=: min and max are inclusive.",
    async run({ facts, client }) {
      const base = await facts.baseInput();
      const cases = (await facts.fields()).flatMap((field) => {
        const { atMin, atMax } = boundaries(field);
        return [
          ...(atMin === undefined
            ? []
            : [
                {
                  label: `${field.id} at its min (${field.min})`,
                  input: { ...base, [field.id]: atMin },
                },
              ]),
          ...(atMax === undefined
            ? []
            : [
                {
                  label: `${field.id} at its max (${field.max})`,
                  input: { ...base, [field.id]: atMax },
                },
              ]),
        ];
      });
      if (cases.length === 0) return skip("no field has a min or max");
      const starts = await Promise.all(cases.map((test) => client.start(test.input, newIdentifier())));
      const refused = starts.findIndex((start) => !is2xx(start.exchange));
      if (refused === -1) return pass();
      const start = starts[refused]!;
      return fail({
        message: `refused: ${cases[refused]!.label}`,
        expected: "a 2xx answer",
        actual: describeAnswer(start.exchange),
        exchange: start.exchange,
      });
    },
  },
];
