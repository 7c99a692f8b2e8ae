/**
 * A row of the server bench measured in rounds, each loading the anchors and then ours back to
 * back. Single 5 s runs on this shared 2-core VM moved by 1.5x from one row to the next (the bare
 * server's /status 13.7-41k req/s within one run), while the two halves of a round see about the
 * same machine. A row's figures are the medians over its rounds; its ratios are the median of
 * the ratios taken within each round, printed with their range.
 */
import type { EndpointResult } from "./load.js";
import { median } from "./measure.js";

/** What the anchors measured in one round, right before ours. */
export interface AnchorFigures {
  /** The bare node:http server's GET /status req/s. */
  bareRequestsPerSecond?: number;
  /** The bare node:http server's CPU time per GET /status, in us. */
  bareStatusCpuUs?: number;
  /** The bare node:http server's POST /start_job req/s. */
  bareStartJobPerSecond?: number;
  /** Bare Hono's GET /status req/s (Hono rows only). */
  bareHonoRequestsPerSecond?: number;
  /** Bare Hono's POST /start_job req/s (Hono rows only). */
  bareHonoStartJobPerSecond?: number;
  /** The FastAPI stack's POST /start_job req/s. */
  fastApiStartJobPerSecond?: number;
}

export interface Round {
  anchors: AnchorFigures;
  endpoints: EndpointResult[];
}

/** The median of the values that were measured, or undefined when none was. */
function medianOf(values: (number | undefined)[]): number | undefined {
  const measured = values.filter((value): value is number => value !== undefined);
  return measured.length ? median(measured) : undefined;
}

/** One endpoint's rounds as one result: each figure's median, failures summed. */
function medianEndpoint(results: EndpointResult[]): EndpointResult {
  const figure = (pick: (result: EndpointResult) => number | undefined) =>
    medianOf(results.map(pick));
  const optional = {
    cpuUsPerRequest: figure((result) => result.cpuUsPerRequest),
    serverP50Ms: figure((result) => result.serverP50Ms),
    serverP99Ms: figure((result) => result.serverP99Ms),
    cpuUsPerJob: figure((result) => result.cpuUsPerJob),
    settleS: figure((result) => result.settleS),
  };
  return {
    endpoint: results[0]!.endpoint,
    requestsPerSecond: figure((result) => result.requestsPerSecond)!,
    p50Ms: figure((result) => result.p50Ms)!,
    p99Ms: figure((result) => result.p99Ms)!,
    non2xx: results.reduce((sum, result) => sum + result.non2xx, 0),
    errors: results.reduce((sum, result) => sum + result.errors, 0),
    ...Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined)),
  };
}

/** A row's figures from its rounds: the medians of ours and of the anchors. */
export function combineRounds(rounds: Round[]): AnchorFigures & { endpoints: EndpointResult[] } {
  const anchors: AnchorFigures = {};
  for (const key of new Set(rounds.flatMap((round) => Object.keys(round.anchors)))) {
    const value = medianOf(rounds.map((round) => round.anchors[key as keyof AnchorFigures]));
    if (value !== undefined) anchors[key as keyof AnchorFigures] = value;
  }
  const endpoints = rounds[0]!.endpoints.map(({ endpoint }) =>
    medianEndpoint(
      rounds.map((round) => round.endpoints.find((result) => result.endpoint === endpoint)!),
    ),
  );
  return { ...anchors, endpoints };
}

/** Our endpoint's req/s over the anchor's, within each round where both were measured. */
export function roundRatios(
  rounds: Round[],
  endpoint: string,
  anchor: keyof AnchorFigures,
): number[] {
  const ratios = [];
  for (const round of rounds) {
    const ours = round.endpoints.find((result) => result.endpoint === endpoint)?.requestsPerSecond;
    const theirs = round.anchors[anchor];
    if (ours !== undefined && theirs) ratios.push(ours / theirs);
  }
  return ratios;
}

/** The median of the rounds' ratios, or undefined when no round measured both. */
export function medianRatio(
  rounds: Round[],
  endpoint: string,
  anchor: keyof AnchorFigures,
): number | undefined {
  return medianOf(roundRatios(rounds, endpoint, anchor));
}

/** "0.71x", or "0.71x (0.65-0.78)" over several rounds; "" when nothing was measured. */
export function formatRatio(ratios: number[]): string {
  if (!ratios.length) return "";
  const range =
    ratios.length > 1
      ? ` (${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)})`
      : "";
  return `${median(ratios).toFixed(2)}x${range}`;
}
