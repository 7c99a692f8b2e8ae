import { randomUUID } from "node:crypto";
import { fail, pass, type Check } from "../check.js";
import {
  bodyObject,
  describeAnswer,
  is2xx,
  is5xx,
  isJsonMediaType,
  mediaType,
  nonEmptyString,
  statusOf,
} from "../exchange.js";
import { REF } from "../refs.js";
import type { Exchange } from "../types.js";

/** Rules for every exchange of the run: checked at the end, over everything that was sent. */

function hasMessage(exchange: Exchange): boolean {
  const body = bodyObject(exchange);
  return body !== undefined && [body.message, body.error, body.detail].some(nonEmptyString);
}

export const globalChecks: Check[] = [
  {
    id: "GL-unknown-path",
    level: "SHOULD",
    profiles: ["mip-003", "seed"],
    ref: REF.http,
    title: "an unknown path answers 404",
    hint: "Do not answer unknown paths with 200 (a catch-all page); clients probe optional endpoints by their 404.",
    async run({ client }) {
      const exchange = await client.get(`/conformance-no-such-path-${randomUUID()}`);
      if (statusOf(exchange) === 404) return pass(exchange);
      return fail({
        message: "an unknown path did not get 404",
        expected: "404",
        actual: describeAnswer(exchange),
        exchange,
      });
    },
  },
  {
    id: "GL-content-type",
    level: "MUST",
    profiles: ["mip-003", "seed"],
    phase: "final",
    ref: `${REF.http}; ${REF.startJob}`,
    title: "every successful answer with a body is declared application/json",
    hint: "Send Content-Type: application/json with every JSON answer.",
    async run(ctx) {
      await ctx.facts.baseline();
      const answers = ctx.exchanges().filter((exchange) => is2xx(exchange) && exchange.response?.body !== "");
      const wrong = answers.find((exchange) => !isJsonMediaType(mediaType(exchange)));
      if (!wrong) return pass();
      return fail({
        message: `${wrong.request.method} ${wrong.endpoint} answered ${mediaType(wrong) ?? "no content type"}`,
        expected: "Content-Type: application/json",
        actual: `Content-Type: ${wrong.response?.headers["content-type"] ?? "(none)"}`,
        exchange: wrong,
      });
    },
  },
  {
    id: "GL-error-body",
    level: "SHOULD",
    profiles: ["mip-003", "seed"],
    phase: "final",
    ref: REF.decisions,
    title: "every error answer is a JSON object with a message",
    hint: 'Answer errors as {"error": "<code>", "message": "<what went wrong>"} with Content-Type application/json, never an HTML page or a stack trace.',
    async run(ctx) {
      await ctx.facts.baseline();
      const errors = ctx.exchanges().filter((exchange) => (statusOf(exchange) ?? 0) >= 400);
      const wrong = errors.find((exchange) => !isJsonMediaType(mediaType(exchange)) || !hasMessage(exchange));
      if (!wrong) return pass();
      return fail({
        message: `the ${statusOf(wrong)} answer to ${wrong.request.method} ${wrong.endpoint} is not a JSON error`,
        expected: "a JSON object with a message (or error, or detail) string",
        actual: `${mediaType(wrong) ?? "no content type"}: ${describeAnswer(wrong)}`,
        exchange: wrong,
      });
    },
  },
  {
    id: "GL-no-5xx",
    level: "MUST",
    profiles: ["mip-003", "seed"],
    phase: "final",
    ref: REF.http,
    title: "no request of the run got a 5xx (besides those reported by another failed check)",
    hint: "Find the 5xx in the server's log: every expected problem deserves a 4xx, and unexpected ones a fix.",
    async run(ctx) {
      await ctx.facts.baseline();
      const reported = new Set<number>();
      for (const result of ctx.results.values()) {
        if (result.outcome === "fail" || result.outcome === "warn")
          for (const exchange of result.exchanges) reported.add(exchange.seq);
      }
      const unreported = ctx.exchanges().filter((exchange) => is5xx(exchange) && !reported.has(exchange.seq));
      const [first] = unreported;
      if (!first) return pass();
      return fail({
        message: `${unreported.length} request(s) got a 5xx`,
        expected: "no 5xx",
        actual: `${first.request.method} ${first.endpoint}: ${describeAnswer(first)}`,
        exchange: first,
      });
    },
  },
];
