/**
 * Scaffold speed: median wall time of generating the default stack without install, git or
 * check (5 runs), and of one full default run (install with a warm npm cache, git, check).
 * Run with `npm run bench:scaffold` after `npm run build`; prints numbers, asserts nothing.
 */
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";

const BIN = fileURLToPath(new URL("../bin/create-masumi-agent.js", import.meta.url));
const RUNS = Number(process.env.RUNS ?? 5);

async function timeRun(args: string[]): Promise<{ ms: number; dir: string }> {
  const cwd = await mkdtemp(join(tmpdir(), "cma-bench-"));
  const started = performance.now();
  await execa(process.execPath, [BIN, "agent", ...args], { cwd, stdin: "ignore" });
  return { ms: performance.now() - started, dir: join(cwd, "agent") };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
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

const offline: number[] = [];
let generated = { files: 0, lines: 0 };
for (let i = 0; i < RUNS; i++) {
  const { ms, dir } = await timeRun(["--yes", "--no-install", "--no-git", "--no-check"]);
  offline.push(ms);
  generated = await countFiles(dir);
  await rm(dir, { recursive: true, force: true });
}
console.log(`generate only (--no-install --no-git --no-check): median ${median(offline).toFixed(0)} ms over ${RUNS} runs`);
console.log(`generated: ${generated.files} files, ${generated.lines} lines`);

if (process.env.SKIP_FULL !== "1") {
  const full = await timeRun(["--yes"]);
  console.log(`full default run (install with warm cache, git, check): ${(full.ms / 1000).toFixed(1)} s`);
}
