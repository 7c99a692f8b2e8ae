import { blocked, fail, pass, skip, type Check, type CheckContext } from "../check.js";
import { describeAnswer, is2xx, nonEmptyString } from "../exchange.js";
import { Blocked } from "../facts.js";
import {
  fieldsHaveNames,
  notBothLists,
  sokosumiData,
  sokosumiValidations,
  uniqueFieldIds,
} from "../input-schema/problems.js";
import { JOB_STATUSES } from "../poll.js";
import { REF } from "../refs.js";
import type { Exchange, Verdict } from "../types.js";
import { PAYMENT_STRINGS, PAYMENT_TIMES } from "./payment-fields.js";
import { schemaRule } from "./schema-rule.js";
import { statusAnswers } from "./status-answers.js";

/**
 * What the real clients verify (spec section 6), as checks of their own: a failure here means
 * the marketplace or the registry would reject the agent. Where the spec and a client require
 * the same thing, the check lives here and cites both.
 */

const REGISTRY_TIMEOUT_MS = 32_000;

/** The start answer's problems as Sokosumi's parser would find them. */
function sokosumiStartProblems(body: Record<string, unknown>): string[] {
  const problems: string[] = [];
  if (!nonEmptyString(body.id) && !nonEmptyString(body.job_id)) problems.push("no id (nor job_id)");
  for (const key of PAYMENT_STRINGS) if (!nonEmptyString(body[key])) problems.push(`no ${key}`);
  for (const key of PAYMENT_TIMES) {
    const value = body[key];
    const isTime =
      (typeof value === "number" && Number.isInteger(value)) || (typeof value === "string" && /^\d+$/.test(value));
    if (!isTime) problems.push(`${key} is ${JSON.stringify(value)}, not an integer`);
  }
  return problems;
}

/**
 * Marketplace status rules apply to every status answer of the run. None seen means nothing to
 * judge: because the job the run follows could not be started (`blockedBy`), or the agent never
 * got there.
 */
async function everyStatus(
  ctx: CheckContext,
  applies: (status: string) => boolean,
  problem: (body: Record<string, unknown>) => string | undefined,
  expected: string,
  none: string,
  blockedBy: Blocked | undefined,
): Promise<Verdict> {
  const reads = statusAnswers(ctx).filter((read) => applies(read.status ?? ""));
  if (reads.length === 0) return blockedBy ? blocked(blockedBy.by, blockedBy.message) : skip(none);
  for (const read of reads) {
    const found = read.body && problem(read.body);
    if (found)
      return fail({
        message: found,
        expected,
        actual: describeAnswer(read.exchange),
        exchange: read.exchange,
      });
  }
  return pass(...reads.slice(0, 1).map((read): Exchange => read.exchange));
}

/**
 * Drives a job into awaiting_input when the server has /provide_input; returns what blocked
 * that when a failure did (a server that never asks for input just leaves nothing to judge).
 */
async function awaitingInputDriven(ctx: CheckContext): Promise<Blocked | undefined> {
  const baseline = await ctx.facts.baseline();
  if (baseline || !(await ctx.facts.provideInputProbe()).present) return baseline;
  try {
    await ctx.facts.drive();
    return undefined;
  } catch (error) {
    if (error instanceof Blocked) return error;
    throw error;
  }
}

export const marketplaceChecks: Check[] = [
  {
    id: "MK-registry-online",
    level: "MUST",
    profiles: ["mip-003"],
    ref: `${REF.registry}; ${REF.availability}`,
    title: 'GET /availability answers 2xx without a redirect, with type "masumi-agent"',
    hint: 'Serve /availability at exactly <base URL>/availability (no redirect) and answer "type": "masumi-agent".',
    consequence: "the registry lists the agent as offline",
    async run({ facts }) {
      const { first } = await facts.availability();
      const expected = `a 2xx answer within ${REGISTRY_TIMEOUT_MS / 1000} s with "type": "masumi-agent"`;
      if (!is2xx(first) || first.durationMs > REGISTRY_TIMEOUT_MS) {
        return fail({
          message: "the health check would fail",
          expected,
          actual: describeAnswer(first),
          exchange: first,
        });
      }
      const type = (first.response?.json as { type?: unknown } | undefined)?.type;
      if (type !== "masumi-agent") {
        return fail({
          message: "type is not masumi-agent",
          expected,
          actual: `type: ${JSON.stringify(type)}`,
          exchange: first,
        });
      }
      return pass(first);
    },
  },
  schemaRule(
    {
      id: "MK-schema-exclusive",
      level: "MUST",
      ref: `${REF.sokosumi}; ${REF.inputSchema}`,
      title: "the input schema has input_data or input_groups, never both",
      hint: "Answer only one of input_data and input_groups.",
      consequence: "Sokosumi rejects the agent's input schema",
    },
    notBothLists,
    "exactly one of input_data and input_groups",
  ),
  schemaRule(
    {
      id: "MK-schema-names",
      level: "MUST",
      ref: `${REF.sokosumi}; ${REF.fields}`,
      title: "every input field has a non-empty name",
      hint: 'Give every field "name": the label the marketplace shows.',
      consequence: "Sokosumi rejects the agent's input schema",
    },
    fieldsHaveNames,
    "a name on every field",
  ),
  schemaRule(
    {
      id: "MK-schema-unique-ids",
      level: "MUST",
      ref: `${REF.sokosumi}; ${REF.inputSchema}`,
      title: "field ids are unique across the whole schema (all groups)",
      hint: "Rename fields so that no two share an id, also across groups.",
      consequence: "Sokosumi rejects the agent's input schema",
    },
    uniqueFieldIds,
    "unique field ids",
  ),
  schemaRule(
    {
      id: "MK-schema-validations",
      level: "MUST",
      ref: `${REF.sokosumi}; spec §3`,
      title: "every field's validations and formats are allowed for its type (spec 3 table)",
      hint: "Use only the validations the spec 3 table allows per type: never step (range: data.step), format only as the type allows (tel: tel_pattern), min/max whole numbers >= 0 or non-empty strings.",
      consequence: "Sokosumi cannot parse the input schema: the agent cannot be hired",
    },
    sokosumiValidations,
    "validations allowed for each field's type",
  ),
  schemaRule(
    {
      id: "MK-schema-data",
      level: "MUST",
      ref: `${REF.sokosumi}; spec §3`,
      title:
        "every field carries the data its type requires: choices listed and unique, checkbox data, file outputFormat",
      hint: 'option/radio/multiselect: "data": {"values": [...]} (non-empty, unique); checkbox: a data object; file: data.outputFormat; range: numeric data.step and data.default.',
      consequence: "Sokosumi cannot parse the input schema: the agent cannot be hired",
    },
    sokosumiData,
    "the data each field type requires",
  ),
  {
    id: "MK-start-fields",
    level: "MUST",
    profiles: ["mip-003"],
    ref: `${REF.sokosumi}; ${REF.startJob}`,
    title: "a paid start answers every payment field Sokosumi reads, non-empty, in its exact case",
    hint: "Answer id, input_hash, identifierFromPurchaser, blockchainIdentifier, agentIdentifier, sellerVKey and the four times (payByTime, submitResultTime, unlockTime, externalDisputeUnlockTime).",
    consequence: "Sokosumi treats the start as failed",
    async run({ facts }) {
      if ((await facts.payment()).free) return skip("free agent: Sokosumi starts free jobs without payment fields");
      const reference = await facts.reference();
      const problems = reference.body ? sokosumiStartProblems(reference.body) : ["the answer is not a JSON object"];
      if (problems.length === 0) return pass(reference.exchange);
      return fail({
        message: problems.join("; "),
        expected: `${["id", ...PAYMENT_STRINGS].join(", ")} non-empty; ${PAYMENT_TIMES.join(", ")} integers`,
        actual: describeAnswer(reference.exchange, 600),
        exchange: reference.exchange,
      });
    },
  },
  {
    id: "MK-start-v2",
    level: "MUST",
    profiles: ["mip-003"],
    ref: `${REF.sokosumi}; ${REF.startJob}; ${REF.payment}`,
    title: "paymentSourceType and supportedPaymentSourceIndex, when answered, are consistent",
    hint: 'Answer paymentSourceType "Web3CardanoV2" with the supportedPaymentSourceIndex (an integer 0-24) the payment was created with; for "Web3CardanoV1" leave the index out.',
    consequence: "Sokosumi refuses the V2 agent's job",
    async run({ facts }) {
      if ((await facts.payment()).free) return skip("free agent: no payment source to check");
      const reference = await facts.reference();
      const body = reference.body ?? {};
      const type = body.paymentSourceType;
      const index = body.supportedPaymentSourceIndex;
      if (type === undefined && index === undefined)
        return skip("the start answers neither paymentSourceType nor supportedPaymentSourceIndex (a V1 agent)");
      const validIndex = typeof index === "number" && Number.isInteger(index) && index >= 0 && index <= 24;
      const problem =
        type !== "Web3CardanoV1" && type !== "Web3CardanoV2"
          ? `paymentSourceType is ${JSON.stringify(type)}`
          : type === "Web3CardanoV2" && !validIndex
            ? `a Web3CardanoV2 start answers supportedPaymentSourceIndex ${JSON.stringify(index)}`
            : type === "Web3CardanoV1" && index !== undefined
              ? "a Web3CardanoV1 start answers a supportedPaymentSourceIndex"
              : undefined;
      if (!problem) return pass(reference.exchange);
      return fail({
        message: problem,
        expected:
          'paymentSourceType "Web3CardanoV2" with supportedPaymentSourceIndex 0-24, or "Web3CardanoV1" without one',
        actual: `paymentSourceType ${JSON.stringify(type)}, supportedPaymentSourceIndex ${JSON.stringify(index)}`,
        exchange: reference.exchange,
      });
    },
  },
  {
    id: "MK-status-values",
    level: "MUST",
    profiles: ["mip-003"],
    phase: "final",
    ref: `${REF.sokosumi}; ${REF.status}`,
    title: "every status answer is one of awaiting_payment, awaiting_input, running, completed, failed",
    hint: "Map internal states onto exactly these five values (no pending, done, error, ...).",
    consequence: "Sokosumi rejects the status and the job",
    async run(ctx) {
      return everyStatus(
        ctx,
        () => true,
        (body) =>
          JOB_STATUSES.has(body.status as string)
            ? undefined
            : `status ${JSON.stringify(body.status)} is not one of the five`,
        "one of the five statuses of MIP-003",
        "no job status was read in this run",
        await ctx.facts.baseline(),
      );
    },
  },
  {
    id: "MK-completed-result",
    level: "MUST",
    profiles: ["mip-003"],
    phase: "final",
    ref: `${REF.sokosumi}; ${REF.status}`,
    title: "a completed status carries a non-empty result string",
    hint: 'Answer "result": "<the output>" (a non-empty string) whenever status is completed.',
    consequence: "Sokosumi rejects the completed job",
    async run(ctx) {
      return everyStatus(
        ctx,
        (status) => status === "completed",
        (body) => (nonEmptyString(body.result) ? undefined : `result is ${JSON.stringify(body.result)}`),
        "a non-empty result string",
        "no job completed in this run",
        await ctx.facts.baseline(),
      );
    },
  },
  {
    id: "MK-awaiting-input-schema",
    level: "MUST",
    profiles: ["mip-003"],
    phase: "final",
    ref: `${REF.sokosumi}; ${REF.status}`,
    title: "an awaiting_input status carries an input_schema",
    hint: 'Answer "input_schema": {"input_data": [...]} whenever status is awaiting_input.',
    consequence: "Sokosumi rejects the status and the job",
    async run(ctx) {
      return everyStatus(
        ctx,
        (status) => status === "awaiting_input",
        (body) => (typeof body.input_schema === "object" && body.input_schema !== null ? undefined : "no input_schema"),
        "an input_schema object",
        "no job reached awaiting_input in this run",
        await awaitingInputDriven(ctx),
      );
    },
  },
];
