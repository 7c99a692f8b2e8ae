import * as prompts from "@clack/prompts";
import pc from "picocolors";

export interface Progress {
  start(message: string): void;
  /** Replaces the message while running, e.g. to say what a long install is doing now. */
  message(message: string): void;
  stop(message: string): void;
  error(message: string): void;
}

/** `12s`, `1m 05s`: how long a step has been running. */
export function formatElapsed(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  const minutes = Math.floor(seconds / 60);
  return minutes > 0 ? `${minutes}m ${String(seconds % 60).padStart(2, "0")}s` : `${seconds}s`;
}

const FRAMES = ["◒", "◐", "◓", "◑"];

/**
 * A spinner with the elapsed time on a terminal. Not clack's spinner: that one puts the keyboard
 * in raw mode and answers Ctrl-C with exit code 0 ("Canceled") while the step's child processes
 * keep running; here Ctrl-C stays a SIGINT, which the CLI handles as a cancel (exit 1).
 */
function terminalSpinner(stream: NodeJS.WriteStream): Progress {
  let text = "";
  let startedAt = 0;
  let frame = 0;
  let timer: NodeJS.Timeout | undefined;
  const draw = () => {
    const elapsed = `[${formatElapsed(Date.now() - startedAt)}]`;
    // One line only: a wrapped line could not be redrawn in place.
    const room = (stream.columns ?? 80) - elapsed.length - 5;
    const shown = text.length > room ? `${text.slice(0, Math.max(room - 1, 0))}…` : text;
    stream.write(`\r\x1b[2K${pc.magenta(FRAMES[frame++ % FRAMES.length]!)}  ${shown} ${pc.dim(elapsed)}`);
  };
  const end = (symbol: string, message: string) => {
    if (!timer) return;
    clearInterval(timer);
    timer = undefined;
    process.off("SIGINT", interrupted);
    process.off("SIGTERM", interrupted);
    stream.write(`\r\x1b[2K${symbol}  ${message} ${pc.dim(`[${formatElapsed(Date.now() - startedAt)}]`)}\n`);
  };
  // Runs before the CLI's own cancel handler, so "Cancelled" is printed below a finished line.
  const interrupted = () => end(pc.red("■"), text);
  return {
    start(message) {
      text = message;
      startedAt = Date.now();
      stream.write(`${pc.gray("│")}\n`);
      timer = setInterval(draw, 120);
      draw();
      process.prependListener("SIGINT", interrupted);
      process.prependListener("SIGTERM", interrupted);
    },
    message(message) {
      text = message;
    },
    stop: (message) => end(pc.green("◇"), message),
    error: (message) => end(pc.red("▲"), message),
  };
}

/**
 * A spinner on a terminal; plain lines elsewhere, so that logs of piped or CI runs are not
 * filled with animation frames (a changed message is printed once, as a line of its own).
 */
export function progress(stream: NodeJS.WriteStream = process.stdout): Progress {
  if (stream.isTTY && !process.env.CI) return terminalSpinner(stream);
  let current = "";
  let startedAt = 0;
  const elapsed = () => `[${formatElapsed(Date.now() - startedAt)}]`;
  return {
    start: (message) => {
      startedAt = Date.now();
      prompts.log.step((current = message));
    },
    message: (message) => {
      if (message !== current) prompts.log.message((current = message));
    },
    stop: (message) => prompts.log.success(`${message} ${elapsed()}`),
    error: (message) => prompts.log.error(`${message} ${elapsed()}`),
  };
}
