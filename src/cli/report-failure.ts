import * as prompts from "@clack/prompts";
import { closeFrame } from "./frame.js";
import { CancelledError, StepError, UsageError } from "./errors.js";

/** Prints a failure the way its kind deserves, closes the run's frame and returns the exit code. */
export function reportFailure(error: unknown): number {
  if (error instanceof UsageError) {
    // The one line a script reads on stderr; the frame on stdout is closed after it.
    process.stderr.write(`error: ${error.message}\n`);
    closeFrame("Nothing was written");
    return 2;
  }
  if (error instanceof CancelledError) {
    closeFrame("Cancelled");
    return 1;
  }
  if (error instanceof StepError) {
    prompts.log.error(error.message);
    closeFrame(`To retry: ${error.retry}`);
    return 1;
  }
  prompts.log.error(`Unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  closeFrame("Stopped by an unexpected error");
  return 1;
}
