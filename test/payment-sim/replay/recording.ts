/**
 * The recorded exchanges of the real payment service, copied unchanged from the team's shared
 * fixtures (shared/fixtures/payment-service/) into test/fixtures/payment-service/ so that a clone
 * of this repository alone runs the replay.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const FIXTURES_DIR = fileURLToPath(new URL("../../fixtures/payment-service/", import.meta.url));

export type Auth = "admin" | "pay" | "read" | "none" | "bad" | "revoked";

export interface RecordedExchange {
  /** 1-based line number in its file. */
  line: number;
  name: string;
  request: {
    method: string;
    path: string;
    auth: Auth;
    body: unknown;
    bodyIsRaw?: boolean;
    headers?: Record<string, string>;
  };
  response: { status: number; body: any; headers?: Record<string, string> };
}

export function readRecording(file: string): RecordedExchange[] {
  return readFileSync(FIXTURES_DIR + file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line, index) => ({ line: index + 1, ...(JSON.parse(line) as Omit<RecordedExchange, "line">) }));
}
