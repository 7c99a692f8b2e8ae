import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { MAX_BODY_BYTES, type Running } from "./agent.ts";

/** startAgent as a process: a project's main.ts (fixtures/start-agent.ts) run by a runtime. */

export type Runtime = "node" | "bun" | "deno";

const SCRIPT = join(import.meta.dirname, "fixtures", "start-agent.ts");
const require = createRequire(import.meta.url);
const BIN = join(import.meta.dirname, "..", "..", "..", "..", "node_modules", ".bin");

function command(runtime: Runtime): [string, string[]] {
  switch (runtime) {
    // tsx by its path: the process runs in a directory of its own, where none is found.
    case "node":
      return [process.execPath, ["--import", pathToFileURL(require.resolve("tsx")).href, SCRIPT]];
    case "bun":
      return [join(BIN, "bun"), [SCRIPT]];
    case "deno":
      return [join(BIN, "deno"), ["run", "-A", SCRIPT]];
  }
}

export interface AgentProcess {
  child: ChildProcess;
  /** Every line written so far, to stdout and to stderr. */
  out: string[];
  err: string[];
  /** Resolves with the first line (of either stream) that matches; fails if the process ends. */
  line(pattern: RegExp): Promise<string>;
  exited: Promise<number | null>;
  /** Ends the process if it still runs, and removes its directory. */
  dispose(): Promise<void>;
}

export async function spawnAgent(
  runtime: Runtime,
  env: Record<string, string>,
): Promise<AgentProcess> {
  // No .env of the repository's is read, and the signing key lands here.
  const cwd = await mkdtemp(join(tmpdir(), "masumi-start-"));
  const [file, args] = command(runtime);
  const child = spawn(file, args, {
    cwd,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      LOG_FORMAT: "json",
      ...env,
    },
  });
  const out: string[] = [];
  const err: string[] = [];
  const waiting: { pattern: RegExp; resolve(line: string): void }[] = [];
  const collect = (lines: string[]) => (chunk: Buffer) => {
    for (const line of chunk.toString("utf8").split("\n").filter(Boolean)) {
      lines.push(line);
      for (const waiter of waiting.filter((w) => w.pattern.test(line))) {
        waiting.splice(waiting.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    }
  };
  child.stdout.on("data", collect(out));
  child.stderr.on("data", collect(err));
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  const line = (pattern: RegExp) => {
    const seen = [...out, ...err].find((candidate) => pattern.test(candidate));
    if (seen) return Promise.resolve(seen);
    const ended = exited.then((code) => {
      throw new Error(`Exited ${code} before ${pattern}:\n${[...out, ...err].join("\n")}`);
    });
    return Promise.race([
      new Promise<string>((resolve) => waiting.push({ pattern, resolve })),
      ended,
    ]);
  };
  const dispose = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGKILL");
      await exited;
    }
    await rm(cwd, { recursive: true, force: true });
  };
  return { child, out, err, line, exited, dispose };
}

/** The log lines of a process, each a JSON entry. */
export function messages(lines: string[]): { level: string; msg: string }[] {
  return lines.map((line) => JSON.parse(line));
}

/** The URL a started agent says it listens on. */
export async function listeningUrl(agent: AgentProcess): Promise<string> {
  const { msg } = JSON.parse(await agent.line(/Agent listening on/)) as {
    msg: string;
  };
  const url = /http:\/\/\S+/.exec(msg)?.[0];
  if (!url) throw new Error(`No URL in "${msg}"`);
  return url;
}

/** The echo agent on `framework` as its own process on `runtime`, for describeEndpoints. */
export function agentProcess(runtime: Runtime, framework: string): () => Promise<Running> {
  return async () => {
    const env = {
      FRAMEWORK: framework,
      PORT: "0",
      MAX_BODY_BYTES: String(MAX_BODY_BYTES),
    };
    const agent = await spawnAgent(runtime, env);
    try {
      const url = await listeningUrl(agent);
      return {
        url,
        async close() {
          agent.child.kill("SIGTERM");
          await agent.exited;
          await agent.dispose();
        },
      };
    } catch (error) {
      await agent.dispose();
      throw error;
    }
  };
}
