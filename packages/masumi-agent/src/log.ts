import { isSecretName, REDACTED, redactText } from "./redact.ts";

/**
 * The server's log: one line per event, JSON for machines (time, level, msg and fields such as
 * requestId or jobId) or a readable line on a terminal, with secrets redacted. Pino would fit
 * behind the same interface, should the agent need its transports.
 */

export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export type LogFormat = "json" | "pretty";

/** Values added to a line: ids, counts, an error. Secret-like names are redacted. */
export type LogFields = Readonly<Record<string, unknown>>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  /** `error` is logged as `err`: its name, message and stack. */
  error(message: string, error?: unknown, fields?: LogFields): void;
  /** A logger that adds `bindings` to each of its lines, e.g. a request's id. */
  child(bindings: LogFields): Logger;
}

export interface LoggerOptions {
  /** Lines below this level are dropped; "info" by default. */
  level?: LogLevel;
  /** "pretty" by default when stdout is a terminal, "json" otherwise. */
  format?: LogFormat;
  /** Values never to print, wherever they appear (see secretsIn in src/redact.ts). */
  secrets?: readonly string[];
  /** Where lines go; by default debug and info to stdout, warn and error to stderr. */
  write?: (line: string, level: LogLevel) => void;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const minimum = LOG_LEVELS.indexOf(options.level ?? "info");
  const format = options.format ?? (process.stdout.isTTY ? "pretty" : "json");
  // Longest first, so that a secret containing another is not left half printed.
  const secrets = [...new Set(options.secrets)].filter(Boolean).sort((a, b) => b.length - a.length);
  const write = options.write ?? writeToConsole;

  const logger = (bindings: LogFields): Logger => {
    const log = (level: LogLevel, message: string, fields: LogFields, error?: unknown) => {
      if (LOG_LEVELS.indexOf(level) < minimum) return;
      const line: Entry = { time: new Date().toISOString(), level, msg: message };
      Object.assign(line, bindings, fields);
      if (error !== undefined) line.err = error;
      const entry = loggable(line, "", secrets, MAX_DEPTH) as Entry;
      write(format === "json" ? JSON.stringify(entry) : prettyLine(entry), level);
    };
    return {
      debug: (message, fields = {}) => log("debug", message, fields),
      info: (message, fields = {}) => log("info", message, fields),
      warn: (message, fields = {}) => log("warn", message, fields),
      error: (message, error, fields = {}) => log("error", message, fields, error),
      child: (more) => logger({ ...bindings, ...more }),
    };
  };
  return logger({});
}

export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => silentLogger,
};

/**
 * Straight to the streams (console.log formats its arguments and goes through the inspector's
 * console hook first, which cost about a tenth of the CPU time of a /start_job), and the lines
 * of one turn of the event loop in one write: to a file or a pipe every write is a system call,
 * made synchronously. What is pending is written at the next turn, when it passes 64 KiB, and
 * when the process exits, also by process.exit.
 */
const pending = { stdout: "", stderr: "" };
let flushScheduled = false;
const FLUSH_AT = 64 * 1024;

function writeToConsole(line: string, level: LogLevel): void {
  const stream = level === "warn" || level === "error" ? "stderr" : "stdout";
  pending[stream] += `${line}\n`;
  if (pending[stream].length >= FLUSH_AT) flushLog();
  else if (!flushScheduled) {
    flushScheduled = true;
    setImmediate(flushLog);
  }
}

function flushLog(): void {
  flushScheduled = false;
  for (const stream of ["stdout", "stderr"] as const) {
    if (pending[stream] === "") continue;
    process[stream].write(pending[stream]);
    pending[stream] = "";
  }
}

process.on("exit", flushLog);

/** Errors and nested fields this deep are cut off, so that one line stays one line. */
const MAX_DEPTH = 5;

type Entry = Record<string, unknown>;

/** A value as the log prints it: errors as plain objects, secrets redacted. */
function loggable(
  value: unknown,
  name: string,
  secrets: readonly string[],
  depth: number,
): unknown {
  if (isSecretName(name) && value !== undefined) return REDACTED;
  if (typeof value === "string") return redactText(value, secrets);
  if (typeof value === "bigint") return value.toString();
  if (typeof value !== "object" || value === null) return value;
  if (depth === 0) return "[...]";
  const nested = (entry: unknown, key: string) => loggable(entry, key, secrets, depth - 1);
  if (Array.isArray(value)) return value.map((entry) => nested(entry, ""));
  if (value instanceof Date) return value.toISOString();
  const source = (value instanceof Error ? errorFields(value) : value) as Entry;
  const copy: Entry = {};
  for (const key of Object.keys(source)) {
    const entry = nested(source[key], key);
    // Assigning "__proto__" (a key JSON.parse makes) would set the prototype instead.
    if (key === "__proto__") Object.defineProperty(copy, key, { value: entry, enumerable: true });
    else copy[key] = entry;
  }
  return copy;
}

/** What of an error is worth a line: its name, message, code (e.g. ECONNREFUSED), stack, cause. */
function errorFields(error: Error): Entry {
  const { code } = error as { code?: unknown };
  return {
    name: error.name,
    message: error.message,
    ...(typeof code === "string" || typeof code === "number" ? { code } : {}),
    stack: error.stack,
    ...(error.cause === undefined ? {} : { cause: error.cause }),
  };
}

/** `12:00:00.000 INFO  message key=value`, with an error's stack on the lines below. */
function prettyLine({ time, level, msg, err, ...fields }: Entry): string {
  const clock = String(time).slice(11, 23);
  const pairs = Object.entries(fields).map(([key, value]) => ` ${key}=${prettyValue(value)}`);
  const head = `${clock} ${String(level).toUpperCase().padEnd(5)} ${String(msg)}${pairs.join("")}`;
  return err === undefined ? head : `${head}\n${prettyError(err)}`;
}

function prettyValue(value: unknown): string {
  return typeof value === "string" && /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
}

function prettyError(err: unknown): string {
  if (typeof err !== "object" || err === null) return `    ${String(err)}`;
  const { stack, message, cause } = err as Entry;
  const text = typeof stack === "string" ? stack : String(message);
  const lines = text.split("\n").map((line) => `    ${line.trim()}`);
  if (cause !== undefined) lines.push(`    Caused by:`, prettyError(cause));
  return lines.join("\n");
}
