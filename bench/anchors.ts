/**
 * The servers every generated server is measured against, each started once per bench run
 * and loaded again right before each stack, so each ratio compares measurements taken under the
 * same machine load:
 * - bare node:http answering /status from a Map (bench/bare-server.ts): the limit of a Node agent;
 * - for the Hono rows, bare Hono on @hono/node-server doing the same (bench/bare-hono-server.ts):
 *   the limit of a Node + Hono agent, which tells the framework's share of a gap from ours;
 * - the official Python template's stack (bench/fastapi_agent.py: FastAPI, uvicorn, a dict).
 * The Python one needs Debian's python3-fastapi and python3-uvicorn (with uvloop and httptools, as
 * `uvicorn[standard]` has them) under /usr/bin/python3; the bench installs them with apt-get when
 * it may (root), else skips that anchor and says why.
 */
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { freePort } from "../src/process/free-port.js";
import { startServerProcess, type ServerProcess } from "../packages/masumi-agent/src/process/server-process.js";
import { listeningPid, processMemory } from "../test/helpers/processes.js";

export const BARE = "bare node:http";
export const BARE_HONO = "bare Hono";
export const FASTAPI = "FastAPI stack";

/** The body every bench POSTs to /start_job: valid for our example agent and the Python one. */
export const JOB_BODY = JSON.stringify({ identifier_from_purchaser: "a1b2c3d4e5f60718", input_data: { text: "Hello, Masumi!" } });

const BENCH_DIR = fileURLToPath(new URL(".", import.meta.url));
const REPO_DIR = fileURLToPath(new URL("..", import.meta.url));
const PYTHON = "/usr/bin/python3";
const PYTHON_PACKAGES = ["python3-fastapi", "python3-uvicorn", "python3-uvloop", "python3-httptools"];

export interface RunningAnchor {
  name: string;
  url: string;
  peakRssMiB(): Promise<number | undefined>;
  stop(): Promise<void>;
}

export async function peakRssMiB(port: number): Promise<number | undefined> {
  const pid = await listeningPid(port);
  return pid === undefined ? undefined : (await processMemory(pid)).peak / 1024 / 1024;
}

async function started(name: string, server: ServerProcess, port: number, probe: string): Promise<RunningAnchor> {
  const url = `http://127.0.0.1:${port}`;
  try {
    await server.waitUntilAnswering(`${url}${probe}`, 30_000);
  } catch (error) {
    await server.stop();
    throw new Error(`${name} did not start: ${(error as Error).message}\n${server.output()}`);
  }
  return { name, url, peakRssMiB: () => peakRssMiB(port), stop: server.stop };
}

/** A Node anchor from a file in bench/, run by tsx. */
async function startNodeAnchor(name: string, file: string): Promise<RunningAnchor> {
  const port = await freePort();
  const server = startServerProcess(process.execPath, ["--import", "tsx", `${BENCH_DIR}${file}`], {
    cwd: REPO_DIR,
    env: { ...process.env, PORT: String(port) },
  });
  return started(name, server, port, "/status");
}

export function startBare(): Promise<RunningAnchor> {
  return startNodeAnchor(BARE, "bare-server.ts");
}

export function startBareHono(): Promise<RunningAnchor> {
  return startNodeAnchor(BARE_HONO, "bare-hono-server.ts");
}

async function pythonHasFastApi(): Promise<boolean> {
  const result = await execa(PYTHON, ["-c", "import fastapi, uvicorn"], { reject: false }).catch(() => undefined);
  return result?.exitCode === 0;
}

/**
 * The FastAPI anchor, or why it cannot run here. Installs Debian's packages first when they are
 * missing and this process may (root with apt-get): PyPI is not needed.
 */
export async function startFastApi(log: (line: string) => void): Promise<RunningAnchor | string> {
  if (!(await pythonHasFastApi())) {
    if (process.getuid?.() !== 0) return `${PYTHON} has no fastapi/uvicorn; install ${PYTHON_PACKAGES.join(" ")} (Debian)`;
    log(`installing ${PYTHON_PACKAGES.join(" ")} with apt-get for the FastAPI anchor`);
    const install = await execa("apt-get", ["install", "-y", "-qq", ...PYTHON_PACKAGES], { reject: false }).catch(
      (error: Error) => ({ exitCode: 1, stderr: error.message }),
    );
    if (install.exitCode !== 0 || !(await pythonHasFastApi())) {
      return `apt-get install ${PYTHON_PACKAGES.join(" ")} failed: ${String(install.stderr).split("\n")[0]}`;
    }
  }
  const port = await freePort();
  // Access log off and one worker: the anchor at its fastest, as a production run would have it.
  const args = ["-m", "uvicorn", "fastapi_agent:app", "--app-dir", BENCH_DIR, "--host", "127.0.0.1", "--port", String(port)];
  const server = startServerProcess(PYTHON, [...args, "--no-access-log", "--log-level", "warning"], {
    cwd: BENCH_DIR,
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1" },
  });
  try {
    return await started(FASTAPI, server, port, "/availability");
  } catch (error) {
    return (error as Error).message.split("\n")[0]!;
  }
}
