/**
 * Install time and cold start of a generated stack. Generates the stack into a temporary
 * directory, installs it with its runtime's own tool (timed once: npm, bun and Deno each use
 * their warm global cache after the first run on a machine), builds it where it has a build
 * (Node: tsc), then starts it several times and times each start from spawning the process to the
 * first 200 from /availability. A Node stack is started three ways, in turn: as its container
 * does (node dist/main.js), through its start script (npm run start), and as `start` ran before
 * the build existed (tsx src/main.ts, here through npm exec), so the figures sit side by side.
 * On Linux each start's CPU time is given too (every process of the command, until the 200): on
 * a machine shared with other work, it varies far less than the time on the clock.
 * Prints numbers, asserts nothing.
 *
 *   npx tsx bench/cold-start.ts [runtime] [framework] [persistence] [payment]
 *   npx tsx bench/cold-start.ts bun hono        # defaults: node hono sqlite simulated
 */
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { FRAMEWORKS, PAYMENTS, PERSISTENCES, RUNTIMES, type StackOptions } from "../src/options.js";
import { freePort } from "../src/process/free-port.js";
import { startServerProcess } from "../packages/masumi-agent/src/process/server-process.js";
import { resolveLibrary } from "../src/render/library.js";
import { renderTree } from "../src/render/render-tree.js";
import { hasBuild, installCommand, scriptCommand, type Command } from "../src/stack/commands.js";
import { unsupportedReason } from "../src/stack/support.js";
import { writeTree } from "../src/steps/write-tree.js";
import { isEntry, median, QUICK } from "./measure.js";

/** bun and deno from this repository's devDependencies, as a global install would provide them. */
const PATH = [
  fileURLToPath(new URL("../node_modules/.bin", import.meta.url)),
  process.env.PATH,
].join(delimiter);

export interface StartTimes {
  /** How the agent was started, e.g. "npm run start". */
  label: string;
  startsMs: number[];
  medianStartMs: number;
  /** CPU milliseconds of each start; empty where /proc is not there to read them from. */
  cpuMs: number[];
  medianCpuMs: number | undefined;
}

export interface ColdStartResult {
  stack: string;
  installMs: number;
  /** tsc's time, for a stack with a build. */
  buildMs: number | undefined;
  /** One entry per way of starting; the start script's first. */
  starts: StartTimes[];
}

/** The ways a stack's agent is started: its start script, and for Node the two to compare it with. */
function startCommands(stack: StackOptions): { label: string; command: Command }[] {
  const script = scriptCommand(stack, "start");
  const commands = [{ label: [script.file, ...script.args].join(" "), command: script }];
  if (stack.runtime === "node") {
    commands.push(
      {
        label: "node dist/main.js (the container's CMD)",
        command: { file: "node", args: ["dist/main.js"] },
      },
      {
        label: "tsx src/main.ts through npm (start before)",
        command: { file: "npm", args: ["exec", "--no", "--", "tsx", "src/main.ts"] },
      },
    );
  }
  return commands;
}

function pick<T extends string>(value: string | undefined, choices: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!(choices as readonly string[]).includes(value))
    throw new Error(`"${value}" is not one of ${choices.join(", ")}`);
  return value as T;
}

export function stackFromArgs(args: string[]): StackOptions {
  const runtime = pick(args[0], RUNTIMES, "node");
  return {
    projectName: "cold-start-agent",
    runtime,
    framework: pick(args[1], FRAMEWORKS, "hono"),
    persistence: pick(args[2], PERSISTENCES, "sqlite"),
    payment: pick(args[3], PAYMENTS, "simulated"),
    packageManager: runtime === "bun" ? "bun" : "npm",
    agent: "offline",
  };
}

/** Linux's clock ticks per second (USER_HZ), the unit of utime and stime in /proc/<pid>/stat. */
const TICKS_PER_SECOND = 100;

/**
 * The CPU milliseconds (user and system) used so far by the running processes of a process
 * group, read from /proc; undefined without /proc (macOS, Windows).
 */
async function groupCpuMs(group: number): Promise<number | undefined> {
  const entries = await readdir("/proc").catch(() => undefined);
  if (entries === undefined) return undefined;
  let ticks = 0;
  for (const entry of entries.filter((name) => /^\d+$/.test(name))) {
    const stat = await readFile(`/proc/${entry}/stat`, "utf8").catch(() => "");
    // After the command's name in parentheses: state, ppid, pgrp, ... utime (14th) and stime.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(fields[2]) === group) ticks += Number(fields[11]) + Number(fields[12]);
  }
  return (ticks * 1000) / TICKS_PER_SECOND;
}

/** Spawns the command; the milliseconds until /availability answers 200, and the CPU it used. */
async function timeStart(
  dir: string,
  command: Command,
): Promise<{ ms: number; cpuMs: number | undefined }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/availability`;
  const started = performance.now();
  const server = startServerProcess(command.file, command.args, {
    cwd: dir,
    env: { ...process.env, PATH, PORT: String(port), HOST: "127.0.0.1" },
  });
  try {
    for (;;) {
      const response = await fetch(url).catch(() => undefined);
      if (response?.status === 200) {
        const ms = performance.now() - started;
        return { ms, cpuMs: server.pid === undefined ? undefined : await groupCpuMs(server.pid) };
      }
      if (performance.now() - started > 60_000)
        throw new Error(`no 200 from ${url}:\n${server.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  } finally {
    await server.stop();
  }
}

export async function measureColdStart(
  stack: StackOptions,
  runs = QUICK ? 2 : 5,
): Promise<ColdStartResult> {
  const reason = unsupportedReason(stack);
  if (reason) throw new Error(reason);
  const root = await mkdtemp(join(tmpdir(), "cma-cold-start-"));
  const dir = join(root, stack.projectName);
  try {
    // From a checkout, the project depends on this checkout's library, as the CLI makes it.
    await writeTree(dir, await renderTree(stack, { library: await resolveLibrary() }));
    const install = installCommand(stack);
    const installStarted = performance.now();
    await execa(install.file, install.args, { cwd: dir, env: { PATH } });
    const installMs = performance.now() - installStarted;
    let buildMs: number | undefined;
    if (hasBuild(stack)) {
      const build = scriptCommand(stack, "build");
      const buildStarted = performance.now();
      await execa(build.file, build.args, { cwd: dir, env: { PATH } });
      buildMs = performance.now() - buildStarted;
    }
    const commands = startCommands(stack);
    const startsMs = commands.map((): number[] => []);
    const cpuMs = commands.map((): number[] => []);
    // In turn (A B C A B C ...), so that a drift of the machine's speed touches each alike.
    for (let run = 0; run < runs; run++) {
      for (const [index, { command }] of commands.entries()) {
        const start = await timeStart(dir, command);
        startsMs[index]!.push(start.ms);
        if (start.cpuMs !== undefined) cpuMs[index]!.push(start.cpuMs);
      }
    }
    return {
      stack: `${stack.runtime} + ${stack.framework} + ${stack.persistence} + ${stack.payment}`,
      installMs,
      buildMs,
      starts: commands.map(({ label }, index) => ({
        label,
        startsMs: startsMs[index]!,
        medianStartMs: median(startsMs[index]!),
        cpuMs: cpuMs[index]!,
        medianCpuMs: cpuMs[index]!.length > 0 ? median(cpuMs[index]!) : undefined,
      })),
    };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/** The install and build times, then one line per way of starting with its median and runs. */
export function formatColdStart(result: ColdStartResult): string {
  const build =
    result.buildMs === undefined ? "" : `, build ${(result.buildMs / 1000).toFixed(1)} s`;
  const width = Math.max(...result.starts.map(({ label }) => label.length));
  return [
    `${result.stack}: install ${(result.installMs / 1000).toFixed(1)} s${build}; cold start, spawn to first 200:`,
    ...result.starts.map(({ label, startsMs, medianStartMs, medianCpuMs }) => {
      const runs = startsMs.map((ms) => ms.toFixed(0)).join(", ");
      const cpu = medianCpuMs === undefined ? "" : `, CPU ${medianCpuMs.toFixed(0).padStart(4)} ms`;
      return `  ${label.padEnd(width)}  median ${medianStartMs.toFixed(0).padStart(5)} ms${cpu} (runs: ${runs})`;
    }),
  ].join("\n");
}

if (isEntry(import.meta.url)) {
  const result = await measureColdStart(stackFromArgs(process.argv.slice(2)));
  console.log(formatColdStart(result));
}
