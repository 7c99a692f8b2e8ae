import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  startServerProcess,
  type ServerProcess,
} from "../../packages/masumi-agent/src/process/server-process.js";
import { freePort } from "../../src/process/free-port.js";
import { RUNTIME_PATH, startCommand } from "../helpers/generated-project.js";
import { installedProject, storeStack } from "../persistence/store-fixtures.js";

/**
 * A generated Deno project with a .env, as its README has the author make one (copy .env.example),
 * started with its own `deno task start`: the permissions are those the CLI writes into deno.json,
 * which grant the variables .env.example names and no others.
 */

const STACK = storeStack("memory", "agent-deno-env", "deno");

let dir: string;
let running: ServerProcess | undefined;

beforeAll(async () => {
  dir = await installedProject("memory", STACK.projectName, "deno");
}, 300_000);

afterEach(async () => {
  await running?.stop();
  running = undefined;
});

/** The environment of the author's shell, without PORT unless the case sets it. */
function shellEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const { PORT: _port, ...inherited } = process.env;
  return { ...inherited, PATH: RUNTIME_PATH, HOST: "127.0.0.1", LOG_FORMAT: "json", ...env };
}

/** Starts the project's start task and waits until it answers on `port`. */
async function startOn(port: number, env: Record<string, string> = {}): Promise<ServerProcess> {
  const command = startCommand(STACK);
  running = startServerProcess(command.file, command.args, { cwd: dir, env: shellEnv(env) });
  try {
    await running.waitUntilAnswering(`http://127.0.0.1:${port}/availability`, 30_000);
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${running.output()}`);
  }
  return running;
}

describe("a Deno project with a .env file", () => {
  it("is granted the variables .env.example names, not every variable", async () => {
    const denoJson = JSON.parse(await readFile(join(dir, "deno.json"), "utf8"));
    expect(denoJson.tasks.start).toMatch(/--allow-env=\S*\bPORT\b/);
  });

  it("starts with .env's values, leaving a name it may not read unset, with a warning", async () => {
    const port = await freePort();
    await writeFile(join(dir, ".env"), `PORT=${port}\nNOT_GRANTED_SETTING=1\n`);
    const server = await startOn(port);
    const warnings = server
      .output()
      .split("\n")
      .filter((line) => line.includes("NOT_GRANTED_SETTING"));
    expect(warnings).toHaveLength(1);
    expect(JSON.parse(warnings[0]!)).toMatchObject({
      level: "warn",
      msg: expect.stringMatching(/^\.env sets NOT_GRANTED_SETTING, which the --allow-env of deno/),
    });
    expect(server.output()).not.toMatch(/NotCapable|Requires env access/);
  });

  it("lets a variable set in the environment win over .env", async () => {
    const [stale, port] = [await freePort(), await freePort()];
    await writeFile(join(dir, ".env"), `PORT=${stale}\n`);
    const server = await startOn(port, { PORT: String(port) });
    expect(server.output()).toContain(`Agent listening on http://127.0.0.1:${port}`);
  });
});
