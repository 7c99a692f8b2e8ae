/**
 * The profile behind the POST /start_job figures: the default agent (Node + Hono + SQLite) and
 * the memory store, each generated, built and started under `node --cpu-prof`, loaded with
 * starts for DURATION seconds (default 5; wrk, 50 connections, after a 1 s warm-up) and then left
 * until it is quiet again (bench/settle.ts), so the profile holds every started job's lifecycle;
 * the bare node:http anchor is profiled the same way for the floor any Node server pays. Prints
 * per server where its busy time went (bench/cpu-profile.ts), in us per started job.
 * Run with `npx tsx bench/profile.ts`; prints numbers, asserts nothing.
 */
import { rm } from "node:fs/promises";
import { join } from "node:path";
import type { StackOptions } from "../src/options.js";
import { STACK_DEFAULTS } from "../src/options.js";
import { freePort } from "../src/process/free-port.js";
import { startServerProcess } from "../packages/masumi-agent/src/process/server-process.js";
import { tempDir } from "../test/helpers/cli.js";
import {
  buildProject,
  generateProject,
  installStackProject,
  RUNTIME_PATH,
} from "../test/helpers/generated-project.js";
import { listeningPid } from "../test/helpers/processes.js";
import { JOB_BODY } from "./anchors.js";
import { formatBreakdown, readProfiles, timeByCategory } from "./cpu-profile.js";
import { load } from "./load.js";
import { isEntry, QUICK } from "./measure.js";

const BENCH_DIR = new URL(".", import.meta.url);

interface Profiled {
  name: string;
  jobs: number;
  /** The process's CPU time per job of the measured load until quiet, from /proc. */
  cpuUsPerJob?: number;
  breakdown: string;
}

/** Starts `args` under node --cpu-prof in `cwd`, loads its /start_job, and reads the profile. */
async function profileServer(
  name: string,
  cwd: string,
  args: string[],
  durationS: number,
): Promise<Profiled> {
  const profileDir = await tempDir("cma-profile-");
  const port = await freePort();
  const server = startServerProcess(
    process.execPath,
    ["--cpu-prof", `--cpu-prof-dir=${profileDir}`, ...args],
    {
      cwd,
      env: { ...process.env, PATH: RUNTIME_PATH, PORT: String(port), HOST: "127.0.0.1" },
    },
  );
  try {
    const url = `http://127.0.0.1:${port}`;
    await server.waitUntilAnswering(`${url}/availability`, 30_000);
    const pid = await listeningPid(port);
    const request = {
      url: `${url}/start_job`,
      endpoint: "POST /start_job",
      post: JOB_BODY,
      pid,
      settle: true,
    };
    const warmUp = await load({ ...request, durationS: 1 });
    const measured = await load({ ...request, durationS });
    // The profile is written as the process exits, after its graceful shutdown.
    await server.stop();
    const jobs = Math.round(warmUp.requestsPerSecond + measured.requestsPerSecond * durationS);
    return {
      name,
      jobs,
      ...(measured.cpuUsPerJob === undefined ? {} : { cpuUsPerJob: measured.cpuUsPerJob }),
      breakdown: formatBreakdown(timeByCategory(await readProfiles(profileDir)), jobs),
    };
  } finally {
    await server.stop();
    await rm(profileDir, { recursive: true, force: true });
  }
}

async function profileAgent(
  persistence: StackOptions["persistence"],
  durationS: number,
): Promise<Profiled> {
  const stack: StackOptions = {
    ...STACK_DEFAULTS,
    projectName: "profiled-agent",
    persistence,
    packageManager: "npm",
  };
  const dir = await generateProject(stack);
  await installStackProject(dir, stack);
  await buildProject(dir);
  try {
    return await profileServer(
      `node+hono/${persistence}`,
      dir,
      [join("dist", "main.js")],
      durationS,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (isEntry(import.meta.url)) {
  const durationS = Number(process.env.DURATION ?? (QUICK ? 2 : 5));
  const profiled = [
    await profileServer(
      "bare node:http",
      process.cwd(),
      ["--import", "tsx", new URL("bare-server.ts", BENCH_DIR).pathname],
      durationS,
    ),
    await profileAgent("sqlite", durationS),
    await profileAgent("memory", durationS),
  ];
  console.log(
    "Sampled time of every thread by category: a thread blocked in a system call (the SQLite " +
      "checkpointer's fsync) counts as busy, so the sum can exceed the CPU time /proc reports.",
  );
  for (const { name, jobs, cpuUsPerJob, breakdown } of profiled) {
    const cpu = cpuUsPerJob === undefined ? "" : `; CPU time ${cpuUsPerJob.toFixed(1)} us/job`;
    console.log(
      `\n${name}: ${jobs} jobs started (1 s warm-up, ${durationS} s load), profiled until quiet again${cpu}`,
    );
    console.log(breakdown);
  }
}
