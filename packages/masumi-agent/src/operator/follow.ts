/**
 * Follows a registry entry through the states the payment service and the chain move it through
 * (minutes on a real chain), showing each, until it settles or the time is up. Stopping on the
 * timeout loses nothing: the entry goes on, and running the command again follows it further.
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { PaymentServiceClient, RegistryEntry } from "../payment/masumi/payment-service.ts";
import type { Terminal } from "./terminal.ts";

export interface Goal {
  /** The state that means done, e.g. RegistrationConfirmed. */
  done: readonly string[];
  failed: readonly string[];
}

/** Registered, also by a later update (which `register` run again may be following). */
export const REGISTERED: Goal = {
  done: ["RegistrationConfirmed", "UpdateConfirmed"],
  failed: ["RegistrationFailed", "UpdateFailed"],
};
export const UPDATED: Goal = { done: ["UpdateConfirmed"], failed: ["UpdateFailed"] };
export const DEREGISTERED: Goal = { done: ["DeregistrationConfirmed"], failed: ["DeregistrationFailed"] };

export type Followed =
  | { outcome: "done" | "failed"; entry: RegistryEntry }
  | { outcome: "timeout" | "gone"; entry: RegistryEntry | undefined };

/** Polls quickly at first (the simulator moves in seconds), then every 5 s (a chain takes minutes). */
const FIRST_POLL_MS = 250;
const LONGEST_POLL_MS = 5_000;

export interface FollowOptions {
  client: PaymentServiceClient;
  /** The GET /registry filter the entry is found under (then by its id), e.g. its source's contract. */
  filter: Record<string, string>;
  id: string;
  goal: Goal;
  timeoutMs: number;
  terminal: Terminal;
}

export async function followEntry(options: FollowOptions): Promise<Followed> {
  const { client, goal, terminal } = options;
  const started = Date.now();
  let delay = FIRST_POLL_MS;
  let entry: RegistryEntry | undefined;
  let state = "";
  for (;;) {
    const entries = await client.registryEntries(options.filter);
    entry = entries.find((candidate) => candidate.id === options.id);
    if (!entry) return { outcome: "gone", entry: undefined };
    const seconds = Math.round((Date.now() - started) / 1000);
    terminal.progress(`registry entry ${entry.id}: ${entry.state}`, `(${seconds} s)`);
    if (goal.done.includes(entry.state)) return { outcome: "done", entry };
    if (goal.failed.includes(entry.state)) return { outcome: "failed", entry };
    if (Date.now() - started >= options.timeoutMs) return { outcome: "timeout", entry };
    delay = entry.state === state ? Math.min(delay * 2, LONGEST_POLL_MS) : FIRST_POLL_MS;
    state = entry.state;
    await sleep(Math.min(delay, Math.max(0, options.timeoutMs - (Date.now() - started))));
  }
}
