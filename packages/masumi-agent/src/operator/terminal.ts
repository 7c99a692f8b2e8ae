/**
 * Where the operator commands talk to their user: lines on stdout, one progress line that is
 * rewritten on a terminal (and printed once per change elsewhere), and yes/no questions, which are
 * only ever asked on a terminal.
 */
import { createInterface } from "node:readline/promises";
import { Refusal } from "./refusal.ts";

export interface Terminal {
  readonly interactive: boolean;
  print(line: string): void;
  /**
   * Shows `line` as the current progress, with `detail` (e.g. the time so far) on a terminal; the
   * next print starts below it. Elsewhere each new `line` is printed once.
   */
  progress(line: string, detail?: string): void;
  /** Ends an open progress line, so that what follows (e.g. on stderr) starts on a line of its own. */
  endProgress(): void;
  /** The user's answer to a yes/no question (called on an interactive terminal only). */
  ask(question: string): Promise<boolean>;
}

export function processTerminal(): Terminal {
  const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY);
  let open = false;
  let last = "";
  return {
    interactive,
    print(line) {
      this.endProgress();
      process.stdout.write(`${line}\n`);
    },
    endProgress() {
      if (open) process.stdout.write("\n");
      open = false;
    },
    progress(line, detail) {
      if (interactive) {
        process.stdout.write(`\r\x1b[2K${line}${detail ? ` ${detail}` : ""}`);
        open = true;
      } else if (line !== last) {
        process.stdout.write(`${line}\n`);
      }
      last = line;
    },
    async ask(question) {
      const readline = createInterface({ input: process.stdin, output: process.stdout });
      try {
        return /^y(es)?$/i.test((await readline.question(`${question} [y/N] `)).trim());
      } finally {
        readline.close();
      }
    },
  };
}

/**
 * Whether to go on with `action` (e.g. "register Weather Agent on Preprod"): yes with --yes, else
 * the user's answer; without a terminal to ask on, a Refusal that names --yes.
 */
export async function confirmed(terminal: Terminal, action: string, yes: boolean): Promise<boolean> {
  if (yes) return true;
  if (!terminal.interactive) {
    throw new Refusal([`not asking whether to ${action}: this is not a terminal; pass --yes to go ahead`]);
  }
  return terminal.ask(`${action[0]!.toUpperCase()}${action.slice(1)}?`);
}
