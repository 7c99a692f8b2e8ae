import pc from "picocolors";
import { curlCommand } from "../curl.js";
import { abbreviate } from "../exchange.js";
import { summaryLine } from "../report.js";
import { SERVER_STOPPED, type CheckResult, type ConformanceReport, type Exchange, type Outcome } from "../types.js";

export interface PrintOptions {
  /** Every check's exchanges in full. */
  verbose?: boolean;
  /** Colours; by default when the stream is a terminal and NO_COLOR is not set. */
  color?: boolean;
}

type Colors = ReturnType<typeof pc.createColors>;

const LABELS: Record<Outcome, string> = { pass: "PASS", fail: "FAIL", warn: "WARN", skip: "SKIP" };

function paint(colors: Colors, outcome: Outcome, text: string): string {
  const color = { pass: colors.green, fail: colors.red, warn: colors.yellow, skip: colors.dim }[outcome];
  return color(text);
}

function indent(text: string, prefix: string): string {
  return text
    .split("\n")
    .map((line) => `${prefix}${line}`)
    .join("\n");
}

function formatExchange(exchange: Exchange): string {
  const { request, response } = exchange;
  const lines = [`> ${request.method} ${abbreviate(request.url, 300)}`];
  for (const [name, value] of Object.entries(request.headers)) lines.push(`> ${name}: ${value}`);
  if (request.body !== undefined) lines.push(`> ${abbreviate(request.body)}`);
  if (!response) return [...lines, `< no answer: ${exchange.error}`].join("\n");
  lines.push(`< ${response.status} (${exchange.durationMs} ms)`);
  for (const [name, value] of Object.entries(response.headers)) lines.push(`< ${name}: ${value}`);
  if (response.body !== "") lines.push(`< ${abbreviate(response.body)}`);
  return lines.join("\n");
}

function detail(result: CheckResult, colors: Colors): string {
  const failure = result.failure!;
  const lines = [
    paint(colors, result.outcome, `${LABELS[result.outcome]} ${result.id}`) +
      colors.dim(` (${result.level}, ${result.ref})`),
    `  requirement: ${result.title}`,
    `  problem:     ${failure.message}`,
    `  expected:    ${failure.expected}`,
    `  actual:      ${failure.actual}`,
  ];
  if (result.consequence)
    lines.push(`  marketplace: ${colors.bold(`the marketplace would reject this: ${result.consequence}`)}`);
  if (failure.exchange) lines.push(`  reproduce:   ${curlCommand(failure.exchange.request)}`);
  lines.push(`  fix:         ${result.hint}`);
  return lines.join("\n");
}

type Stream = NodeJS.WritableStream & { isTTY?: boolean };

function colorsFor(stream: Stream, options: PrintOptions): Colors {
  return pc.createColors(options.color ?? (stream.isTTY === true && !("NO_COLOR" in process.env)));
}

/** What concerns the whole run: a server that stopped answering, and suggestions. Said once, first. */
function runNotes(report: ConformanceReport, colors: Colors): string[] {
  const notes: string[] = [];
  const stopped = report.serverStopped;
  if (stopped) {
    notes.push(
      colors.red(
        `The server stopped answering at request #${stopped.seq} (${stopped.request}: ${stopped.error}); ` +
          `the checks it cut short are marked SKIP, blocked by ${SERVER_STOPPED}.`,
      ),
    );
  }
  for (const suggestion of report.suggestions) notes.push(colors.bold(`Hint: ${suggestion}`));
  return notes.length ? [...notes, ""] : [];
}

function failureDetails(report: ConformanceReport, colors: Colors): string[] {
  return report.results.filter((result) => result.failure).flatMap((result) => ["", detail(result, colors)]);
}

/** Prints only what did not pass in full (failures and warnings, with how to reproduce them). */
export function printFailures(report: ConformanceReport, stream: Stream, options: PrintOptions = {}): void {
  const colors = colorsFor(stream, options);
  const text = [...runNotes(report, colors), ...failureDetails(report, colors)].join("\n").trim();
  if (text !== "") stream.write(`${text}\n`);
}

/** Prints one aligned line per check, the summary, then each failure with how to reproduce it. */
export function printReport(report: ConformanceReport, stream: Stream, options: PrintOptions = {}): void {
  const colors = colorsFor(stream, options);
  const width = Math.max(...report.results.map((result) => result.id.length));
  const out: string[] = [
    `Conformance check of ${report.baseUrl} (profile ${report.profile}${report.strict ? ", strict" : ""})`,
    "",
    ...runNotes(report, colors),
  ];
  for (const result of report.results) {
    const why = result.outcome === "skip" ? colors.dim(` (${result.reason})`) : "";
    const level = result.level === "SHOULD" ? colors.dim(" [SHOULD]") : "";
    out.push(
      `${result.id.padEnd(width)}  ${paint(colors, result.outcome, LABELS[result.outcome])}  ${result.title}${level}${why}`,
    );
    if (options.verbose)
      for (const exchange of result.exchanges) out.push(colors.dim(indent(formatExchange(exchange), "      ")));
  }
  out.push("", colors.dim(`Finished in ${(report.durationMs / 1000).toFixed(1)} s`), summaryLine(report.summary));
  out.push(...failureDetails(report, colors));
  stream.write(`${out.join("\n")}\n`);
}
