import { existsSync } from "node:fs";
import { mkdir, readFile, rm } from "node:fs/promises";
import { delimiter, join } from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { startServerProcess } from "../../packages/masumi-agent/src/process/server-process.js";
import type { Runtime, StackOptions } from "../../src/options.js";
import { freePort } from "../../src/process/free-port.js";
import { emulateDockerfile } from "../helpers/dockerfile.js";
import { generateProject, installStackProject, RUNTIME_PATH } from "../helpers/generated-project.js";
import { listeningPid } from "../helpers/processes.js";
import { installRegistryNode } from "../helpers/registry-node.js";

/**
 * Each runtime's production path, as its container runs it, without a container engine: the
 * generated Dockerfile is carried out here (its build stage's commands run, only the files its
 * final stage copies reach a fresh directory), then exactly its CMD starts the agent with the
 * image's environment, its HEALTHCHECK command passes, and one SIGTERM to the agent's process
 * (what `docker stop` sends) ends it cleanly.
 */
const DEVELOPMENT_ONLY = ["typescript", "tsx", "vitest", "vite", "@types/node", "@types/bun"];

/**
 * The development packages in an image: none for Node and Bun; Deno installs every import of
 * deno.json, which has no development section, so vitest is there but never loaded.
 */
const IMAGE_DEVELOPMENT: Record<Runtime, string[]> = { node: [], bun: [], deno: ["vitest", "vite"] };

/**
 * The tools of the runtime's image first on the PATH: for Node, Node 24 from the npm registry
 * (the image's major), so the project is made as on a Node with node:sqlite, as it would be there.
 */
async function imageTools(runtime: Runtime): Promise<{ env: NodeJS.ProcessEnv; builtinSqlite: boolean } | undefined> {
  if (runtime !== "node") return { env: { ...process.env, PATH: RUNTIME_PATH }, builtinSqlite: false };
  const node = await installRegistryNode(24);
  if ("unreachable" in node) {
    if (process.env.CI === "true") throw new Error(`The npm registry cannot be reached:\n${node.unreachable}`);
    return undefined;
  }
  return { env: { ...process.env, ...node.env, PATH: [node.env.PATH, RUNTIME_PATH].join(delimiter) }, builtinSqlite: true };
}

describe.concurrent("the production image's command", () => {
  it.for<Runtime>(["node", "bun", "deno"])(
    "%s: runs from only the files the Dockerfile copies, passes its health check and stops cleanly on SIGTERM",
    { timeout: 600_000 },
    async (runtime, context) => {
      const tools = await imageTools(runtime);
      if (tools === undefined) {
        console.warn(`SKIPPED ${runtime}: the npm registry cannot be reached for Node 24`);
        context.skip();
        return;
      }
      const stack: StackOptions = {
        projectName: `production-${runtime}`,
        runtime,
        framework: "hono",
        persistence: "sqlite",
        payment: "simulated",
        packageManager: runtime === "bun" ? "bun" : "npm",
        agent: "offline",
      };
      // The install writes the lockfile that the Dockerfile's build stage installs from.
      const project = await generateProject(stack, { node: { builtinSqlite: tools.builtinSqlite } });
      await installStackProject(project, stack);
      const image = await emulateDockerfile(await readFile(join(project, "Dockerfile"), "utf8"), project, tools.env);

      // The one RUN of the final stage makes the data volume's directory the agent's user owns.
      expect(image.finalRuns).toEqual([`mkdir data && chown ${image.user}:${image.user} data`]);
      await mkdir(join(image.dir, "data"));
      expect(image.volumes).toEqual(["/app/data"]);
      const modules = join(image.dir, "node_modules");
      expect(existsSync(join(modules, "masumi-agent", "package.json"))).toBe(true);
      const development = DEVELOPMENT_ONLY.filter((name) => existsSync(join(modules, name, "package.json")));
      expect(development.sort()).toEqual(IMAGE_DEVELOPMENT[runtime].sort());
      // Whatever of them is there, the agent runs without it.
      await Promise.all(development.map((name) => rm(join(modules, name), { recursive: true })));

      const port = await freePort();
      const env = { ...tools.env, ...image.env, PORT: String(port) };
      expect(image.env.HOST).toBe("0.0.0.0");
      const [file, ...args] = image.command;
      const agent = startServerProcess(file!, args, { cwd: image.dir, env });
      try {
        await agent.waitUntilAnswering(`http://127.0.0.1:${port}/availability`, 30_000);
        const availability = await fetch(`http://127.0.0.1:${port}/availability`);
        expect(availability.status, agent.output()).toBe(200);
        expect(await availability.json()).toMatchObject({ type: "masumi-agent" });

        const [probe, ...probeArgs] = image.healthcheck;
        const health = await execa(probe!, probeArgs, { cwd: image.dir, env, reject: false, all: true });
        expect(health.exitCode, health.all).toBe(0);

        // The process listening is the one this test started: no package manager or shell between.
        const pid = await listeningPid(port);
        const parent = (await readFile(`/proc/${pid}/stat`, "utf8")).split(") ")[1]?.split(" ")[1];
        expect(parent).toBe(String(process.pid));
        process.kill(pid!, "SIGTERM");
        expect(await agent.exit).toEqual({ code: 0, signal: null });
      } finally {
        await agent.stop();
      }
      const log = agent
        .output()
        .split("\n")
        .filter((line) => line.trim() !== "")
        .map((line) => JSON.parse(line) as { level: string; msg: string });
      expect(log.map((entry) => entry.msg)).toContain("SIGTERM received: shutting down");
      expect(log.filter((entry) => entry.level === "error" || entry.level === "warn")).toEqual([]);
    },
  );
});
