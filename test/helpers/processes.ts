import { readdir, readlink } from "node:fs/promises";

/**
 * The ids of live processes whose working directory is `dir` or below it: what a generated
 * project's server and its package-manager parents look like. Linux only (reads /proc).
 */
export async function processesIn(dir: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const cwd = await readlink(`/proc/${entry}/cwd`).catch(() => undefined);
    if (cwd !== undefined && (cwd === dir || cwd.startsWith(`${dir}/`))) pids.push(Number(entry));
  }
  return pids;
}
