import { execFileSync } from "node:child_process";
import { symlink } from "node:fs/promises";
import { join } from "node:path";
import { execa, type ResultPromise } from "execa";
import { CLI_BIN, tempDir } from "../helpers/cli.js";

/** A PATH directory holding only these tools (linked from the real PATH): the others are "not installed". */
export async function pathWith(tools: string[]): Promise<string> {
  const dir = await tempDir("cma-path-");
  for (const tool of tools) {
    const real = tool === "node" ? process.execPath : execFileSync("which", [tool], { encoding: "utf8" }).trim();
    await symlink(real, join(dir, tool));
  }
  return dir;
}

/** Keys as a terminal sends them. */
export const KEY = { enter: "\r", down: "\x1b[B", ctrlC: "\x03" } as const;

export interface TerminalRun {
  /** Everything the CLI drew so far, escape sequences included. */
  screen(): string;
  /** Resolves once `text` has been drawn after the `from`-th character of the screen. */
  waitFor(text: string | RegExp, from?: number): Promise<number>;
  press(key: string): void;
  readonly child: ResultPromise;
}

/**
 * Runs the CLI on a real terminal: `script` gives it a pty (sized, so prompts are not wrapped),
 * so it prompts and draws its spinners as for a user; keys go in as a user types them.
 */
export function runOnTerminal(
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; /** The CLI's PATH, to hide installed tools. */ path?: string },
): TerminalRun {
  const quote = (arg: string) => `'${arg.replaceAll("'", "'\\''")}'`;
  const path = options.path === undefined ? "" : `PATH=${quote(options.path)} `;
  const command = `stty cols 160 rows 50; ${path}exec ${[process.execPath, CLI_BIN, ...args].map(quote).join(" ")}`;
  const child = execa("script", ["-qec", command, "/dev/null"], {
    cwd: options.cwd,
    env: { CI: "", TERM: "xterm", ...options.env },
    extendEnv: true,
    reject: false,
  });
  let screen = "";
  let exited = false;
  let wake: () => void = () => {};
  child.stdout?.on("data", (chunk: Buffer) => {
    screen += chunk.toString();
    wake();
  });
  void child.then(() => {
    exited = true;
    wake();
  });
  return {
    child,
    screen: () => screen,
    async waitFor(text, from = 0) {
      for (;;) {
        const rest = screen.slice(from);
        const index = typeof text === "string" ? rest.indexOf(text) : rest.search(text);
        if (index >= 0) return from + index;
        if (exited) throw new Error(`the CLI exited before it showed ${String(text)}; it showed:\n${screen}`);
        await new Promise<void>((resolve) => (wake = resolve));
      }
    },
    press(key) {
      child.stdin?.write(key);
    },
  };
}
