import { copyFile, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  startServerProcess,
  type ServerProcess,
} from "../../packages/masumi-agent/src/process/server-process.js";
import { STACK_DEFAULTS, type StackOptions } from "../../src/options.js";
import { freePort } from "../../src/process/free-port.js";
import { paidCommands, type Command, type PaidScript } from "../../src/stack/commands.js";
import {
  generateProject,
  installStackProject,
  RUNTIME_PATH,
  startCommand,
  startProject,
  type RunningServer,
} from "../helpers/generated-project.js";

/**
 * From a generated paid agent to a listed one, as its author does it on one machine: the project's
 * own payment-sim writes .env, the agent starts, `npm run register` lists it (with the loopback
 * flag: the simulator's registry is local), the restarted agent answers its new identifier,
 * `npm run doctor` finds nothing in the way, and a paid job completes. The same on Deno, whose
 * agent reads .env with no more than the variables its deno.json grants.
 */

/** The project's environment for the commands: only what the author's shell would add. */
const COMMAND_ENV = { PATH: RUNTIME_PATH, HOME: process.env.HOME ?? "" };

type Json = any;

async function json(url: string, init?: RequestInit): Promise<Json> {
  const response = await fetch(url, init);
  return response.json();
}

/** A paid project's script with flags, as its author types it (npm wants `--`). */
function paidCommand(stack: StackOptions, script: PaidScript, flags: string[]): Command {
  const [file, ...args] = paidCommands(stack)[script].split(" ") as [string, ...string[]];
  return { file, args: [...args, ...(file === "npm" ? ["--"] : []), ...flags] };
}

function envValue(env: string, name: string): string | undefined {
  return new RegExp(`^${name}=(.*)$`, "m").exec(env)?.[1];
}

for (const runtime of ["node", "deno"] as const) {
  describe(`register, doctor and a paid job, from a generated ${runtime} project`, () => {
    const stack: StackOptions = {
      ...STACK_DEFAULTS,
      runtime,
      payment: "masumi",
      projectName: `listed-agent-${runtime}`,
      packageManager: "npm",
    };
    let dir: string;
    let simulator: ServerProcess | undefined;
    let agent: RunningServer | undefined;
    let agentEnv: Record<string, string>;

    beforeAll(async () => {
      dir = await generateProject(stack);
      await installStackProject(dir, stack);
      await copyFile(join(dir, ".env.example"), join(dir, ".env"));
      const simPort = await freePort();
      // The project's own script (on Deno: its task, with the task's permissions only).
      const sim = paidCommand(stack, "payment-sim", [
        "--port",
        String(simPort),
        "--auto-lock",
        "200",
      ]);
      simulator = startServerProcess(sim.file, sim.args, { cwd: dir, env: COMMAND_ENV });
      await simulator.waitUntilAnswering(`http://127.0.0.1:${simPort}/api/v1/health`, 30_000);
      // It answers first, then writes .env.
      for (let tries = 0; !simulator.output().includes("Written to .env"); tries += 1) {
        if (tries > 100) throw new Error(`payment-sim did not write .env:\n${simulator.output()}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      agentEnv = { PORT: String(await freePort()), PAYMENT_POLL_INTERVAL_MS: "100" };
      agent = await startProject(dir, agentEnv, startCommand(stack));
      const listingFile = join(dir, "masumi.listing.jsonc");
      await writeFile(
        listingFile,
        (await readFile(listingFile, "utf8")).replace(
          `https://${stack.projectName}.example.com`,
          agent.url,
        ),
      );
    }, 600_000);

    afterAll(async () => {
      await agent?.stop();
      await simulator?.stop();
    });

    it("registers, writes AGENT_IDENTIFIER, and the restarted agent is ready for a paid job", async () => {
      const before = await readFile(join(dir, ".env"), "utf8");
      const simulated = envValue(before, "AGENT_IDENTIFIER");

      const registering = paidCommand(stack, "register", ["--yes", "--allow-loopback"]);
      const register = await execa(registering.file, registering.args, {
        cwd: dir,
        env: COMMAND_ENV,
        extendEnv: false,
        reject: false,
      });
      expect(register.exitCode, `${register.stdout}\n${register.stderr}`).toBe(0);
      expect(register.stdout).toMatch(/RegistrationConfirmed/);

      const after = await readFile(join(dir, ".env"), "utf8");
      const identifier = envValue(after, "AGENT_IDENTIFIER");
      expect(identifier).toMatch(/^[0-9a-f]{120}$/);
      expect(identifier).not.toBe(simulated);
      expect(envValue(after, "PAYMENT_SOURCE_INDEX")).toBe("0");
      // Every line but the identifier's is as it was.
      expect(after.split("\n").filter((line) => !line.startsWith("AGENT_IDENTIFIER="))).toEqual(
        before.split("\n").filter((line) => !line.startsWith("AGENT_IDENTIFIER=")),
      );

      await agent!.stop();
      agent = await startProject(dir, agentEnv, startCommand(stack));
      expect(await json(`${agent.url}/availability`)).toMatchObject({
        type: "masumi-agent",
        agentIdentifier: identifier,
      });

      const doctoring = paidCommand(stack, "doctor", ["--allow-loopback"]);
      const doctor = await execa(doctoring.file, doctoring.args, {
        cwd: dir,
        env: COMMAND_ENV,
        extendEnv: false,
        reject: false,
      });
      expect(doctor.exitCode, doctor.stdout).toBe(0);
      expect(doctor.stdout).toContain("Nothing blocks a paid job.");

      const job = await json(`${agent.url}/start_job`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          identifier_from_purchaser: "a1b2c3d4e5f60718",
          input_data: { text: "listed at last" },
        }),
      });
      expect(job).toMatchObject({ status: "awaiting_payment", agentIdentifier: identifier });
      await expect
        .poll(async () => (await json(`${agent!.url}/status?job_id=${job.id}`)).status, {
          timeout: 20_000,
          interval: 100,
        })
        .toBe("completed");
      // The result went to the payment service: the payment is ResultSubmitted on its chain.
      const serviceUrl = envValue(after, "PAYMENT_SERVICE_URL")!;
      const token = envValue(after, "PAYMENT_API_KEY")!;
      await expect
        .poll(
          async () =>
            (
              await json(`${serviceUrl}/payment/resolve-blockchain-identifier`, {
                method: "POST",
                headers: { "content-type": "application/json", token },
                body: JSON.stringify({
                  network: "Preprod",
                  blockchainIdentifier: job.blockchainIdentifier,
                }),
              })
            ).data.onChainState,
          { timeout: 20_000, interval: 100 },
        )
        .toBe("ResultSubmitted");
    });
  });
}
