/** The queue of scripted turns, their validation (turns also arrive as JSON), and the default reply. */
import type { ModelToolCall } from "./types.ts";

/** What one model request is answered with, whatever the provider. */
export type ModelReply =
  | { kind: "text"; text: string; delayMs: number }
  | { kind: "toolCalls"; toolCalls: ModelToolCall[]; delayMs: number }
  | { kind: "error"; status: number; message: string | undefined };

/** Thrown for a turn that is not one of the ModelTurn shapes; the message says which field is wrong. */
export class TurnError extends Error {
  override name = "TurnError";
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function delayOf(turn: Record<string, unknown>, where: string): number {
  const { delayMs } = turn;
  if (delayMs === undefined) return 0;
  if (typeof delayMs !== "number" || !Number.isInteger(delayMs) || delayMs < 0)
    throw new TurnError(`${where}.delayMs must be a whole number of milliseconds`);
  return delayMs;
}

function toolCallOf(value: unknown, where: string): ModelToolCall {
  if (!isRecord(value) || typeof value.name !== "string" || value.name === "")
    throw new TurnError(`${where}.name must be a non-empty string`);
  if (!isRecord(value.arguments)) throw new TurnError(`${where}.arguments must be an object`);
  if (value.id !== undefined && (typeof value.id !== "string" || value.id === ""))
    throw new TurnError(`${where}.id must be a non-empty string when given`);
  return { name: value.name, arguments: value.arguments, ...(value.id === undefined ? {} : { id: value.id }) };
}

/** The reply a turn stands for; throws a TurnError naming the first wrong field. */
export function replyOf(turn: unknown, where = "turn"): ModelReply {
  if (!isRecord(turn)) throw new TurnError(`${where} must be an object`);
  if ("error" in turn) {
    const { error } = turn;
    if (
      !isRecord(error) ||
      typeof error.status !== "number" ||
      !Number.isInteger(error.status) ||
      error.status < 400 ||
      error.status > 599
    )
      throw new TurnError(`${where}.error.status must be an HTTP error status (400-599)`);
    if (error.message !== undefined && typeof error.message !== "string")
      throw new TurnError(`${where}.error.message must be a string when given`);
    return { kind: "error", status: error.status, message: error.message };
  }
  if ("toolCalls" in turn) {
    if (!Array.isArray(turn.toolCalls) || turn.toolCalls.length === 0)
      throw new TurnError(`${where}.toolCalls must be a non-empty array`);
    const toolCalls = turn.toolCalls.map((call, index) => toolCallOf(call, `${where}.toolCalls[${index}]`));
    return { kind: "toolCalls", toolCalls, delayMs: delayOf(turn, where) };
  }
  if (typeof turn.text === "string") return { kind: "text", text: turn.text, delayMs: delayOf(turn, where) };
  throw new TurnError(`${where} needs one of text (a string), toolCalls or error`);
}

/** Scripted replies, first in first out. */
export class TurnQueue {
  #replies: ModelReply[] = [];

  /** Validates every turn before queueing any, so a bad script changes nothing. */
  push(turns: readonly unknown[]): void {
    const replies = turns.map((turn, index) => replyOf(turn, `turns[${index}]`));
    this.#replies.push(...replies);
  }

  /** The next scripted reply, or undefined when the script has run out. */
  take(): ModelReply | undefined {
    return this.#replies.shift();
  }

  get length(): number {
    return this.#replies.length;
  }

  clear(): void {
    this.#replies = [];
  }
}

const ECHO_LIMIT = 200;

/**
 * The answer when nothing is scripted: deterministic, never a tool call, and showing what the model
 * was asked, so a conformance run or a demo gets a plausible result and a test can predict it.
 */
export function defaultReply(lastUserText: string): ModelReply {
  const asked = lastUserText.trim().replace(/\s+/g, " ");
  const echoed = asked.length > ECHO_LIMIT ? `${asked.slice(0, ECHO_LIMIT)}…` : asked;
  return { kind: "text", text: `Simulated answer to: ${echoed === "" ? "(no user text)" : echoed}`, delayMs: 0 };
}
