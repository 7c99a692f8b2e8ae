/**
 * Scaffold speed: the median wall time of generating the default stack without install, git or
 * check, against create-vite writing its vanilla-ts template (the same kind of work: copy a
 * template, non-interactive, no install), run alternately so both see the same machine state;
 * then one full default run (install with a warm npm cache, git, check).
 * Run with `npm run bench:scaffold` (builds first); prints numbers, asserts nothing.
 */
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { isEntry, median, QUICK } from "./measure.js";

const BIN = fileURLToPath(new URL("../bin/create-masumi-agent.js", import.meta.url));
const CREATE_VITE = join(dirname(createRequire(import.meta.url).resolve("create-vite/package.json")), "index.js");

export interface ScaffoldResult {
  runs: number;
  oursMedianMs: number;
  createViteMedianMs: number;
  /** Ours divided by create-vite's, both medians: below 1 means we are faster. */
  ratio: number;
  generated: { files: number; lines: number };
  fullRunMs?: number;
}

async function timeRun(args: string[]): Promise<{ ms: number; dir: string }> {
  const cwd = await mkdtemp(join(tmpdir(), "cma-bench-"));
  const started = performance.now();
  await execa(process.execPath, args, { cwd, stdin: "ignore" });
  return { ms: performance.now() - started, dir: cwd };
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

export async function measureScaffold(options: { runs: number; full: boolean }): Promise<ScaffoldResult> {
  const ours: number[] = [];
  const vite: number[] = [];
  let generated = { files: 0, lines: 0 };
  for (let i = 0; i < options.runs; i++) {
    const own = await timeRun([BIN, "agent", "--yes", "--no-install", "--no-git", "--no-check"]);
    ours.push(own.ms);
    generated = await countFiles(join(own.dir, "agent"));
    await rm(own.dir, { recursive: true, force: true });
    const theirs = await timeRun([CREATE_VITE, "agent", "--template", "vanilla-ts", "--no-interactive"]);
    vite.push(theirs.ms);
    await rm(theirs.dir, { recursive: true, force: true });
  }
  const result: ScaffoldResult = {
    runs: options.runs,
    oursMedianMs: median(ours),
    createViteMedianMs: median(vite),
    ratio: median(ours) / median(vite),
    generated,
  };
  if (options.full) {
    const full = await timeRun([BIN, "agent", "--yes"]);
    result.fullRunMs = full.ms;
    await rm(full.dir, { recursive: true, force: true });
  }
  return result;
}

export function formatScaffold(result: ScaffoldResult): string {
  const lines = [
    `generate only (--yes --no-install --no-git --no-check): median ${result.oursMedianMs.toFixed(0)} ms over ${result.runs} runs`,
    `create-vite --template vanilla-ts (no install): median ${result.createViteMedianMs.toFixed(0)} ms, alternating`,
    `ratio of medians, ours / create-vite: ${result.ratio.toFixed(2)}`,
    `generated: ${result.generated.files} files, ${result.generated.lines} lines`,
  ];
  if (result.fullRunMs !== undefined) {
    lines.push(`full default run (install with warm cache, git, check): ${(result.fullRunMs / 1000).toFixed(1)} s`);
  }
  return lines.join("\n");
}

if (isEntry(import.meta.url)) {
  const runs = Number(process.env.RUNS ?? (QUICK ? 3 : 5));
  console.log(formatScaffold(await measureScaffold({ runs, full: process.env.SKIP_FULL !== "1" })));
}
