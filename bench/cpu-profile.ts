/**
 * Where a started job's CPU time goes, from a V8 CPU profile of the whole load (`node --cpu-prof`,
 * written when the server exits): each sample's time is counted to the category of the function
 * it was taken in, its own time only, so the categories add up to the server's busy time. Used
 * by bench/profile.ts; the categories are by where the code comes from, not by what called it.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";

/** The parts of a .cpuprofile this reads (Chrome DevTools' Profile). */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string } }[];
  samples: number[];
  timeDeltas: number[];
}

/** Categories in the order they are tested: the first whose test matches a frame gets its time. */
export const CATEGORIES: { name: string; test: (functionName: string, url: string) => boolean }[] =
  [
    { name: "idle (waiting for I/O)", test: (name) => name === "(idle)" },
    { name: "garbage collection", test: (name) => name === "(garbage collector)" },
    {
      name: "socket and file writes (system calls)",
      test: (name, url) =>
        url === "" && /^(writev|writeBuffer|writeUtf8String|writeLatin1String)$/.test(name),
    },
    {
      name: "SQLite, PostgreSQL or Redis client",
      test: (_, url) => /node_modules\/(better-sqlite3|pg|pg-protocol|ioredis)\//.test(url),
    },
    {
      name: "masumi-agent: job store",
      test: (_, url) => url.includes("/masumi-agent/dist/store/"),
    },
    {
      name: "masumi-agent: log",
      test: (_, url) => /\/masumi-agent\/dist\/(log|redact)\.js$/.test(url),
    },
    {
      name: "masumi-agent: job lifecycle",
      test: (_, url) => url.includes("/masumi-agent/dist/jobs/"),
    },
    {
      name: "masumi-agent: payment",
      test: (_, url) => url.includes("/masumi-agent/dist/payment/"),
    },
    {
      name: "masumi-agent: HTTP API and adapter",
      test: (_, url) => url.includes("/masumi-agent/dist/"),
    },
    {
      name: "Hono and @hono/node-server",
      test: (_, url) => /node_modules\/(hono|@hono\/node-server)\//.test(url),
    },
    {
      name: "the project's own code (the agent)",
      test: (_, url) => url.startsWith("file://") && !url.includes("/node_modules/"),
    },
    { name: "Node.js (http, streams, crypto, timers)", test: (_, url) => url.startsWith("node:") },
    { name: "other (V8, native, compiling)", test: () => true },
  ];

/**
 * Milliseconds of self time per category over `profiles` (one per thread: a worker thread writes
 * its own), in CATEGORIES' order, categories never seen left out.
 */
export function timeByCategory(profiles: CpuProfile[]): { name: string; ms: number }[] {
  const us = new Map<string, number>();
  for (const profile of profiles) {
    const categoryOf = new Map<number, string>();
    for (const node of profile.nodes) {
      const { functionName, url } = node.callFrame;
      categoryOf.set(
        node.id,
        CATEGORIES.find((category) => category.test(functionName, url))!.name,
      );
    }
    profile.samples.forEach((id, index) => {
      const name = categoryOf.get(id)!;
      us.set(name, (us.get(name) ?? 0) + (profile.timeDeltas[index] ?? 0));
    });
  }
  return CATEGORIES.filter(({ name }) => us.has(name)).map(({ name }) => ({
    name,
    ms: us.get(name)! / 1000,
  }));
}

/** The profiles a process wrote into `dir`: its main thread's and each worker thread's. */
export async function readProfiles(dir: string): Promise<CpuProfile[]> {
  const files = (await readdir(dir)).filter((file) => file.endsWith(".cpuprofile"));
  if (files.length === 0)
    throw new Error(`no .cpuprofile in ${dir}: the process did not exit normally`);
  return Promise.all(
    files.map(async (file) => JSON.parse(await readFile(join(dir, file), "utf8")) as CpuProfile),
  );
}

/** The categories as a table: busy time only (idle left out), in ms, share and us per job. */
export function formatBreakdown(categories: { name: string; ms: number }[], jobs: number): string {
  const busy = categories.filter(({ name }) => !name.startsWith("idle"));
  const total = busy.reduce((sum, { ms }) => sum + ms, 0);
  const rows = [...busy, { name: "busy in all", ms: total }].map(({ name, ms }) =>
    [
      name.padEnd(42),
      `${ms.toFixed(0)} ms`.padStart(10),
      `${((100 * ms) / total).toFixed(1)}%`.padStart(7),
      `${((ms * 1000) / jobs).toFixed(1)} us/job`.padStart(14),
    ].join(" "),
  );
  return rows.join("\n");
}
