import * as prompts from "@clack/prompts";

export interface Progress {
  start(message: string): void;
  stop(message: string): void;
  error(message: string): void;
}

/**
 * A spinner on a terminal; plain lines elsewhere, so that logs of piped or CI runs are not
 * filled with animation frames.
 */
export function progress(stream: NodeJS.WriteStream = process.stdout): Progress {
  if (stream.isTTY) return prompts.spinner();
  return {
    start: (message) => prompts.log.step(message),
    stop: (message) => prompts.log.success(message),
    error: (message) => prompts.log.error(message),
  };
}
