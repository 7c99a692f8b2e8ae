import { readFile, readdir, readlink } from "node:fs/promises";

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

/**
 * The id of the process listening on 127.0.0.1:port (or on every address): the real server, not
 * the package manager that started it. Reads the socket's inode from /proc/net/tcp{,6} and finds
 * the process holding it. Linux only.
 */
export async function listeningPid(port: number): Promise<number | undefined> {
  const inodes = new Set<string>();
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    const lines = (await readFile(table, "utf8").catch(() => "")).split("\n").slice(1);
    for (const line of lines) {
      const [, local, , state, , , , , , inode] = line.trim().split(/\s+/);
      // State 0A is LISTEN; the local address ends in the port in hex.
      if (state === "0A" && local && Number.parseInt(local.split(":")[1] ?? "", 16) === port) inodes.add(inode!);
    }
  }
  if (inodes.size === 0) return undefined;
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const fds = await readdir(`/proc/${entry}/fd`).catch(() => []);
    for (const fd of fds) {
      const target = await readlink(`/proc/${entry}/fd/${fd}`).catch(() => "");
      if (inodes.has(target.slice("socket:[".length, -1)) && target.startsWith("socket:[")) return Number(entry);
    }
  }
  return undefined;
}

/** Resident memory now and at its peak (VmRSS, VmHWM), in bytes. */
export async function processMemory(pid: number): Promise<{ rss: number; peak: number }> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? Number.NaN) * 1024;
  return { rss: kib("VmRSS"), peak: kib("VmHWM") };
}

/**
 * The CPU time a process has used so far, user and system, in seconds: utime and stime of
 * /proc/<pid>/stat, in clock ticks of 1/100 s (Linux's USER_HZ). Linux only.
 */
export async function processCpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8");
  // The command name, in parentheses, may hold spaces: count the fields after it.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
