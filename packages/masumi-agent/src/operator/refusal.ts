import { UsageError } from "../usage-error.ts";

/**
 * What the operator commands refuse to do, and why: one line per reason, each with its fix. Like
 * every usage error it exits with 2, and nothing was sent to the payment service that changes it.
 */
export class Refusal extends UsageError {
  constructor(readonly lines: string[]) {
    super(lines.join("\n"));
    this.name = "Refusal";
  }
}

/** A command that ran and did not get there (a failed registry state, a timeout): exit 1. */
export class Stopped extends Error {
  constructor(readonly lines: string[]) {
    super(lines.join("\n"));
    this.name = "Stopped";
  }
}
