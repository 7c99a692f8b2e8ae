import { curlCommand } from "../curl.js";
import type { ConformanceReport, Exchange } from "../types.js";
import { abbreviate } from "../exchange.js";

/** Bodies in the JSON report are cut at this length; the curl line still carries the whole request. */
const MAX_BODY = 16_000;

function exchangeRecord(exchange: Exchange) {
  const { request, response } = exchange;
  return {
    seq: exchange.seq,
    durationMs: exchange.durationMs,
    request: { ...request, ...(request.body === undefined ? {} : { body: abbreviate(request.body, MAX_BODY) }) },
    ...(response
      ? { response: { status: response.status, headers: response.headers, body: abbreviate(response.body, MAX_BODY) } }
      : { error: exchange.error }),
  };
}

/** The report as one JSON document: the same records the terminal shows, with every exchange. */
export function jsonReport(report: ConformanceReport): string {
  const document = {
    tool: "create-masumi-agent check",
    ...report,
    results: report.results.map(({ exchanges, failure, ...result }) => ({
      ...result,
      ...(failure
        ? {
            failure: {
              message: failure.message,
              expected: failure.expected,
              actual: failure.actual,
              ...(failure.exchange
                ? { reproduce: curlCommand(failure.exchange.request), exchangeSeq: failure.exchange.seq }
                : {}),
            },
          }
        : {}),
      exchanges: exchanges.map(exchangeRecord),
    })),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
