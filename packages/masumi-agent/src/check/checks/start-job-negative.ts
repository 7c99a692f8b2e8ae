import { fail, pass, skip, type Check, type CheckContext } from "../check.js";
import { newIdentifier } from "../client.js";
import { describeAnswer, is2xx, is4xx, statusOf } from "../exchange.js";
import type { RequestSpec } from "../http.js";
import type { Field } from "../input-schema/fields.js";
import type { InputData } from "../input-schema/inputs.js";
import { badFormatValue, boundaries, unlistedChoices, wrongTypeValue } from "../input-schema/values.js";
import { REF } from "../refs.js";
import type { CheckInfo, Exchange } from "../types.js";
import { judgeRefusals, sendRefusals, type RefusalCase, type RefusalRun } from "./refusals.js";

/**
 * Starts the server must refuse. Each check sends its kind of broken request and expects a 4xx
 * (never a 2xx, never a 5xx), then that the server still answers. Requests whose input does not
 * match the schema must get exactly 400 (spec section 2); SJ-neg-400 judges that over all of them.
 */

const ONE_MEGABYTE = 1024 * 1024;

function startSpec(json: unknown): RequestSpec {
  return { method: "POST", path: "/start_job", json };
}

function startWith(input: unknown): RequestSpec {
  return startSpec({
    identifier_from_purchaser: newIdentifier(),
    input_data: input,
  });
}

/** One case per field that `value` has something for: the base input with that field replaced. */
async function perField(
  ctx: CheckContext,
  value: (field: Field) => unknown[],
  describe: (fieldId: string, value: unknown) => string,
): Promise<RefusalCase[]> {
  const base = await ctx.facts.baseInput();
  return (await ctx.facts.fields()).flatMap((field) =>
    value(field).map((bad) => ({
      label: describe(field.id, bad),
      spec: startWith({ ...base, [field.id]: bad }),
    })),
  );
}

const defined = (value: unknown): unknown[] => (value === undefined ? [] : [value]);

interface NegativeKind extends Omit<CheckInfo, "profiles" | "level"> {
  level?: CheckInfo["level"];
  profiles?: CheckInfo["profiles"];
  /** The input does not match the schema: the answer must be 400 exactly. */
  schemaLevel: boolean;
  /** The requests to send, or why there is nothing to send. */
  cases(ctx: CheckContext): Promise<RefusalCase[] | string>;
}

function refusalRun(ctx: CheckContext, kind: NegativeKind): Promise<RefusalRun | string> {
  return ctx.facts.shared(`refusals:${kind.id}`, async (client) => {
    const cases = await kind.cases(ctx);
    return typeof cases === "string" ? cases : sendRefusals(client, cases);
  });
}

const KINDS: NegativeKind[] = [
  {
    id: "SJ-neg-identifier-format",
    level: "MUST",
    schemaLevel: false,
    ref: `${REF.payment}; ${REF.decisions}`,
    title:
      "a paid agent refuses an identifier_from_purchaser the payment service refuses (not hex, odd length, < 14 or > 26)",
    hint: "Check the identifier as the payment service does (hex, an even number of 14 to 26 characters) and answer 400: passing it on strands a paid job.",
    async cases(ctx) {
      if ((await ctx.facts.payment()).free) return "free agent: the identifier never reaches a payment service";
      const base = await ctx.facts.baseInput();
      return [
        ["not hex", "ghijklmnopqrstuv"],
        ["too short", "abcdef12"],
        ["too long", "ab".repeat(14)],
        ["of odd length", "abcdef012345678"],
      ].map(([what, identifier]) => ({
        label: `identifier_from_purchaser ${what} (${identifier})`,
        spec: startSpec({
          identifier_from_purchaser: identifier,
          input_data: base,
        }),
      }));
    },
  },
  {
    id: "SJ-neg-no-input",
    profiles: ["mip-003", "seed"],
    schemaLevel: true,
    ref: `${REF.startJob}; ${REF.seedStart}`,
    title: "a start without input_data is refused",
    hint: "Answer 400 when input_data is missing.",
    async cases() {
      return [
        {
          label: "input_data missing",
          spec: startSpec({ identifier_from_purchaser: newIdentifier() }),
        },
      ];
    },
  },
  {
    id: "SJ-neg-missing-required",
    schemaLevel: true,
    ref: `${REF.startJob}; ${REF.fields}`,
    title: "a start without a required field is refused",
    hint: 'Fields are required unless they have {"validation": "optional", "value": "true"}: answer 400 when one is missing.',
    async cases(ctx) {
      const base = await ctx.facts.baseInput();
      // A hidden field or a default is filled in by the form, and may be by the server too.
      const required = (await ctx.facts.fields()).filter(
        (field) => !field.optional && !field.hasDefault && field.type !== "hidden",
      );
      if (required.length === 0) return "the schema has no required field without a default";
      return required.map((field) => {
        const input: InputData = { ...base };
        delete input[field.id];
        return {
          label: `required field "${field.id}" missing`,
          spec: startWith(input),
        };
      });
    },
  },
  {
    id: "SJ-neg-wrong-type",
    schemaLevel: true,
    ref: `${REF.startJob}; ${REF.fields}`,
    title: "a start with a value of the wrong JSON type is refused",
    hint: "Check each value's type (string, number, boolean, list of choices) and answer 400 on a mismatch.",
    async cases(ctx) {
      const fieldCases = await perField(
        ctx,
        (field) => defined(wrongTypeValue(field)),
        (id, bad) => `"${id}" given ${JSON.stringify(bad)}`,
      );
      return [{ label: "input_data given as a number", spec: startWith(42) }, ...fieldCases];
    },
  },
  {
    id: "SJ-neg-bounds",
    schemaLevel: true,
    ref: REF.fields,
    title: "values just below min or just above max are refused",
    hint: "Enforce min and max: length for text, value for numbers, count for choices.",
    async cases(ctx) {
      const cases = await perField(
        ctx,
        (field) => {
          const { belowMin, aboveMax } = boundaries(field);
          return [...defined(belowMin), ...defined(aboveMax)];
        },
        (id, bad) => `"${id}" out of bounds: ${JSON.stringify(bad).slice(0, 60)}`,
      );
      return cases.length ? cases : "no field has a min or max";
    },
  },
  {
    id: "SJ-neg-option",
    schemaLevel: true,
    ref: REF.fields,
    title: "a choice that is not among a field's values is refused",
    hint: "Accept only the listed values (or their indices, as Sokosumi sends them).",
    async cases(ctx) {
      const cases = await perField(ctx, unlistedChoices, (id, bad) => `"${id}" given ${JSON.stringify(bad)}`);
      return cases.length ? cases : "the schema has no option, radio or multiselect field";
    },
  },
  {
    id: "SJ-neg-format",
    schemaLevel: true,
    ref: REF.fields,
    title: "a value in the wrong format (email, url, date, colour, integer, ...) is refused",
    hint: "Validate the format each type implies and each format validation asks for.",
    async cases(ctx) {
      const cases = await perField(
        ctx,
        (field) => defined(badFormatValue(field)),
        (id, bad) => `"${id}" given ${JSON.stringify(bad)}`,
      );
      return cases.length ? cases : "the schema has no field with a format";
    },
  },
  {
    id: "SJ-neg-truncated-json",
    profiles: ["mip-003", "seed"],
    schemaLevel: false,
    ref: `${REF.startJob}; ${REF.http}`,
    title: "a truncated JSON body is refused",
    hint: "Catch the JSON parser's error and answer 400 instead of letting it become a 500.",
    async cases() {
      const body = JSON.stringify({
        identifier_from_purchaser: newIdentifier(),
        input_data: { text: "cut here" },
      });
      return [
        {
          label: "JSON cut off in the middle",
          spec: {
            method: "POST",
            path: "/start_job",
            body: body.slice(0, body.length - 12),
          },
        },
      ];
    },
  },
  {
    id: "SJ-neg-non-json",
    profiles: ["mip-003", "seed"],
    schemaLevel: false,
    ref: `${REF.startJob}; ${REF.http}`,
    title: "a body that is not JSON at all is refused",
    hint: "Answer 400 (or 415 for another content type) when the body is not JSON.",
    async cases() {
      return [
        {
          label: "plain text sent as application/json",
          spec: {
            method: "POST",
            path: "/start_job",
            body: "this is not JSON",
          },
        },
        {
          label: "a form body sent as text/plain",
          spec: {
            method: "POST",
            path: "/start_job",
            body: "input_data=hello",
            contentType: "text/plain",
          },
        },
      ];
    },
  },
  {
    id: "SJ-neg-not-object",
    profiles: ["mip-003", "seed"],
    schemaLevel: false,
    ref: `${REF.startJob}; ${REF.http}`,
    title: "a JSON body that is null or an array is refused",
    hint: "Check that the body is a JSON object before reading its fields.",
    async cases() {
      return [
        { label: "the body null", spec: startSpec(null) },
        {
          label: "the body an array",
          spec: startSpec([{ identifier_from_purchaser: newIdentifier(), input_data: {} }]),
        },
      ];
    },
  },
  {
    id: "SJ-neg-large-body",
    profiles: ["mip-003", "seed"],
    schemaLevel: false,
    ref: `${REF.startJob}; ${REF.http}`,
    title: "a 1 MB body is refused without harm (413 or 400)",
    hint: "Limit the request body size and answer 413; never buffer unbounded bodies.",
    async cases() {
      const json = {
        identifier_from_purchaser: newIdentifier(),
        padding: "x".repeat(ONE_MEGABYTE),
      };
      return [{ label: "a 1 MB body (and no input_data)", spec: startSpec(json) }];
    },
  },
];

function negativeCheck(kind: NegativeKind): Check {
  const { cases: _cases, schemaLevel, ...info } = kind;
  return {
    level: "MUST",
    profiles: ["mip-003"],
    ...info,
    async run(ctx) {
      const run = await refusalRun(ctx, kind);
      if (typeof run === "string") return skip(run);
      return judgeRefusals(run, schemaLevel ? "a 4xx answer, 400" : "a 4xx answer");
    },
  };
}

const noIdentifier: Check = {
  id: "SJ-neg-no-identifier",
  level: "MUST",
  profiles: ["mip-003"],
  ref: `${REF.startJob}; ${REF.decisions}`,
  title: "a paid agent refuses a start without identifier_from_purchaser",
  hint: "Answer 400 when a paid job comes without identifier_from_purchaser. (An agent counts as free when such a start succeeds without a blockchainIdentifier.)",
  async run({ facts }) {
    const { free, withoutIdentifier } = await facts.payment();
    if (free) return skip("free agent: the identifier is optional (spec section 7)");
    const { exchange } = withoutIdentifier;
    if (is4xx(exchange)) return pass(exchange);
    return fail({
      message: "a start without identifier_from_purchaser was not refused",
      expected: "a 4xx answer, 400",
      actual: describeAnswer(exchange),
      exchange,
    });
  },
};

const unknownKeys: Check = {
  id: "SJ-neg-unknown-keys",
  level: "MUST",
  profiles: ["mip-003"],
  ref: `${REF.startJob}; ${REF.http}`,
  title: "unknown keys (top level and in input_data) are ignored or refused, never a 5xx",
  hint: "Either ignore keys you do not know or answer 400; never crash on them.",
  async run({ facts, client }) {
    const base = await facts.baseInput();
    const exchange = await client.post("/start_job", {
      identifier_from_purchaser: newIdentifier(),
      input_data: { ...base, conformance_unknown_field: "surprise" },
      conformance_unknown_key: { nested: [1, 2, 3] },
    });
    if (is2xx(exchange) || is4xx(exchange)) return pass(exchange);
    return fail({
      message: "unknown keys were not handled",
      expected: "a 2xx (ignored) or 4xx (refused) answer",
      actual: describeAnswer(exchange),
      exchange,
    });
  },
};

/** Judges the status code of every schema-level refusal of the run; other checks judge the rest. */
const exactly400: Check = {
  id: "SJ-neg-400",
  level: "MUST",
  profiles: ["mip-003"],
  ref: REF.startJob,
  title: "refusals of input that does not match the schema are 400, as the spec names it",
  hint: "Answer 400 Bad Request, not 422 or 409, for a missing or invalid identifier_from_purchaser or input_data.",
  async run(ctx) {
    const runs = await Promise.all(KINDS.filter((kind) => kind.schemaLevel).map((kind) => refusalRun(ctx, kind)));
    const refusals: Exchange[] = runs.flatMap((run) =>
      typeof run === "string" ? [] : run.sent.map((sent) => sent.exchange),
    );
    const payment = await ctx.facts.payment().catch(() => undefined);
    if (payment && !payment.free) refusals.push(payment.withoutIdentifier.exchange);
    // Answers that are not 4xx at all are the failure of the check that sent them.
    const judged = refusals.filter(is4xx);
    if (judged.length === 0) return skip("no start of this run was refused with a 4xx");
    const other = judged.find((exchange) => statusOf(exchange) !== 400);
    if (!other) return pass(...judged);
    return fail(
      {
        message: `a refusal answered ${statusOf(other)}`,
        expected: "400",
        actual: describeAnswer(other),
        exchange: other,
      },
      ...judged,
    );
  },
};

export const startJobNegativeChecks: Check[] = [noIdentifier, ...KINDS.map(negativeCheck), unknownKeys, exactly400];
