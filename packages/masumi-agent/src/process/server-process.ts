import { spawn, type ChildProcess } from "node:child_process";

/** How a process ended: its exit code, or the signal that ended it. */
export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Why the command could not be started at all (ENOENT: not installed), if it could not. */
  spawnError?: NodeJS.ErrnoException;
}

export interface ServerProcess {
  /** Everything the server printed so far (stdout and stderr), for failure messages. */
  output(): string;
  /** Resolves once the server answers `GET <url>` with any HTTP status. */
  waitUntilAnswering(url: string, timeoutMs: number): Promise<void>;
  /** Stops the server and everything it started; safe to call more than once. */
  stop(): Promise<void>;
  /** Kills the server and everything it started with SIGKILL, as a crash would; resolves when gone. */
  kill(): Promise<void>;
  /** Resolves once the started command exits. */
  readonly exit: Promise<ProcessExit>;
  /** The command's process id, its process group's too (not on Windows); undefined if not started. */
  readonly pid: number | undefined;
}

export interface ServerProcessOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Called with each chunk the command prints (stdout or stderr), as it prints it. */
  onOutput?: (chunk: string) => void;
}

/**
 * Starts a long-running command (a server, an install) in its own process group, so that
 * stopping it also stops the package manager's children (npm -> sh -> node, node-gyp -> make),
 * and so that no orphan outlives the CLI: the group is killed on our exit too, also when the
 * user presses Ctrl-C (the terminal's SIGINT does not reach a group of its own).
 */
export function startServerProcess(command: string, args: string[], options: ServerProcessOptions): ServerProcess {
  const child: ChildProcess = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    detached: process.platform !== "win32",
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  let exited: ProcessExit | undefined;
  const collect = (chunk: Buffer) => {
    const text = chunk.toString();
    output += text;
    options.onOutput?.(text);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const exit = new Promise<ProcessExit>((resolve) => {
    child.on("exit", (code, signal) => {
      exited = { code, signal };
      resolve(exited);
    });
    child.on("error", (error) => {
      output += `${error.message}\n`;
      // A command that never started emits no "exit".
      if (child.pid === undefined) resolve((exited = { code: null, signal: null, spawnError: error }));
    });
  });

  /** Sends a signal to the whole group; false when nothing of it is left. */
  const signalGroup = (signal: NodeJS.Signals | 0): boolean => {
    if (child.pid === undefined) return false;
    try {
      if (process.platform === "win32") return signal === 0 ? !exited : child.kill(signal);
      process.kill(-child.pid, signal);
      return true;
    } catch {
      return false;
    }
  };
  const killOnExit = () => signalGroup("SIGKILL");
  process.on("exit", killOnExit);

  return {
    exit,
    pid: child.pid,
    output: () => output,
    async waitUntilAnswering(url, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (exited) {
          throw new Error(`the server exited (${exited.signal ?? `code ${exited.code}`}) before it answered`);
        }
        try {
          await fetch(url, { signal: AbortSignal.timeout(1000) });
          return;
        } catch {
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
      throw new Error(`the server did not answer ${url} within ${timeoutMs / 1000} s`);
    },
    async stop() {
      process.off("exit", killOnExit);
      // A graceful SIGTERM first; whatever is still running after the grace period is killed.
      const deadline = Date.now() + 5000;
      signalGroup("SIGTERM");
      while (signalGroup(0) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      signalGroup("SIGKILL");
      // Gone, not just signalled: whoever stops a server expects its port to be free afterwards.
      while (signalGroup(0)) await new Promise((resolve) => setTimeout(resolve, 20));
    },
    async kill() {
      process.off("exit", killOnExit);
      signalGroup("SIGKILL");
      while (signalGroup(0)) await new Promise((resolve) => setTimeout(resolve, 20));
    },
  };
}
