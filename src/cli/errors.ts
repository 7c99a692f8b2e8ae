/** Bad input from the user: printed as one line, exit code 2, nothing written. One class with the
 * library's, so that the checker's and the simulator's usage errors are reported alike. */
export { UsageError } from "masumi-agent/commands";

/** The user cancelled at a prompt: "Cancelled", exit code 1, nothing written. */
export class CancelledError extends Error {
  override name = "CancelledError";
  constructor() {
    super("Cancelled");
  }
}

/**
 * A step failed after files were written (install, git, check). The message says what failed
 * and `retry` how to try again; the generated directory is left in place.
 */
export class StepError extends Error {
  override name = "StepError";
  constructor(
    message: string,
    readonly retry: string,
  ) {
    super(message);
  }
}
