/**
 * Install time and cold start of a generated stack. Generates the stack into a temporary
 * directory, installs it with its runtime's own tool (timed once: npm, bun and Deno each use
 * their warm global cache after the first run on a machine), then starts it with its own start
 * script several times and times each start from spawning the process to the first 200 from
 * /availability. Prints numbers, asserts nothing.
 *
 *   npx tsx bench/cold-start.ts [runtime] [framework] [persistence] [payment]
 *   npx tsx bench/cold-start.ts bun hono        # defaults: node hono sqlite simulated
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { FRAMEWORKS, PAYMENTS, PERSISTENCES, RUNTIMES, type StackOptions } from "../src/options.js";
import { freePort } from "../src/process/free-port.js";
import { startServerProcess } from "../packages/masumi-agent/src/process/server-process.js";
import { resolveLibrary } from "../src/render/library.js";
import { renderTree } from "../src/render/render-tree.js";
import { installCommand, scriptCommand } from "../src/stack/commands.js";
import { unsupportedReason } from "../src/stack/support.js";
import { writeTree } from "../src/steps/write-tree.js";
import { isEntry, median, QUICK } from "./measure.js";

/** bun and deno from this repository's devDependencies, as a global install would provide them. */
const PATH = [fileURLToPath(new URL("../node_modules/.bin", import.meta.url)), process.env.PATH].join(delimiter);

export interface ColdStartResult {
  stack: string;
  installMs: number;
  startsMs: number[];
  medianStartMs: number;
}

function pick<T extends string>(value: string | undefined, choices: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!(choices as readonly string[]).includes(value)) throw new Error(`"${value}" is not one of ${choices.join(", ")}`);
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

/** Spawns the start script and resolves with the milliseconds until /availability answers 200. */
async function timeStart(dir: string, stack: StackOptions): Promise<number> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/availability`;
  const command = scriptCommand(stack, "start");
  const started = performance.now();
  const server = startServerProcess(command.file, command.args, {
    cwd: dir,
    env: { ...process.env, PATH, PORT: String(port), HOST: "127.0.0.1" },
  });
  try {
    for (;;) {
      const response = await fetch(url).catch(() => undefined);
      if (response?.status === 200) return performance.now() - started;
      if (performance.now() - started > 60_000) throw new Error(`no 200 from ${url}:\n${server.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  } finally {
    await server.stop();
  }
}

export async function measureColdStart(stack: StackOptions, runs = QUICK ? 2 : 5): Promise<ColdStartResult> {
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
    const startsMs: number[] = [];
    for (let run = 0; run < runs; run++) startsMs.push(await timeStart(dir, stack));
    return {
      stack: `${stack.runtime} + ${stack.framework} + ${stack.persistence} + ${stack.payment}`,
      installMs,
      startsMs,
      medianStartMs: median(startsMs),
    };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

if (isEntry(import.meta.url)) {
  const result = await measureColdStart(stackFromArgs(process.argv.slice(2)));
  const starts = result.startsMs.map((ms) => ms.toFixed(0)).join(", ");
  console.log(
    `${result.stack}: install ${(result.installMs / 1000).toFixed(1)} s, ` +
      `cold start median ${result.medianStartMs.toFixed(0)} ms (runs: ${starts})`,
  );
}
