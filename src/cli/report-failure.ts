import * as prompts from "@clack/prompts";
import { CancelledError, StepError, UsageError } from "./errors.js";

/** Prints a failure the way its kind deserves and returns the exit code. */
export function reportFailure(error: unknown): number {
  if (error instanceof UsageError) {
    process.stderr.write(`error: ${error.message}\n`);
    return 2;
  }
  if (error instanceof CancelledError) {
    prompts.cancel("Cancelled");
    return 1;
  }
  if (error instanceof StepError) {
    prompts.log.error(error.message);
    prompts.log.info(`To retry: ${error.retry}`);
    return 1;
  }
  prompts.log.error(`Unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return 1;
}
