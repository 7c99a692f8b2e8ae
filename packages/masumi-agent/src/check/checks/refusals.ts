import type { Client } from "../client.js";
import { describeAnswer, is4xx } from "../exchange.js";
import type { RequestSpec } from "../http.js";
import { fail, pass } from "../check.js";
import type { Exchange, Verdict } from "../types.js";

/** A request the server must refuse, and what it demonstrates. */
export interface RefusalCase {
  /** What is wrong with the request, e.g. `input_data missing`. */
  label: string;
  spec: RequestSpec;
}

export interface RefusalRun {
  sent: { label: string; exchange: Exchange }[];
  /** A request sent after all cases, to see that the server still answers at all. */
  probe: Exchange;
}

/**
 * Sends the cases one after the other (so that a crash is blamed on the request that caused
 * it), then makes sure the server still answers.
 */
export async function sendRefusals(client: Client, cases: readonly RefusalCase[]): Promise<RefusalRun> {
  const sent = [];
  for (const refusal of cases) sent.push({ label: refusal.label, exchange: await client.send(refusal.spec) });
  return { sent, probe: await client.get("/availability") };
}

/** Every case got a 4xx (never a 2xx, never a 5xx) and the server still answers. */
export function judgeRefusals(run: RefusalRun, expected = "a 4xx answer"): Verdict {
  const evidence = run.sent.map((sent) => sent.exchange);
  const accepted = run.sent.find((sent) => !is4xx(sent.exchange));
  if (accepted) {
    const { label, exchange } = accepted;
    return fail(
      { message: `not refused: ${label}`, expected, actual: describeAnswer(exchange), exchange },
      ...evidence,
    );
  }
  if (!run.probe.response) {
    return fail(
      {
        message: "the server stopped answering after these requests",
        expected: "an answer to GET /availability",
        actual: describeAnswer(run.probe),
        exchange: evidence[evidence.length - 1],
      },
      ...evidence,
      run.probe,
    );
  }
  return pass(...evidence);
}
