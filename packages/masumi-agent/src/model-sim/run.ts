/**
 * What `model-sim` does once its flags are parsed: start the simulator, print the base URLs and the
 * environment lines for an agent, log each request, stop on Ctrl-C / SIGTERM.
 */
import pc from "picocolors";
import { UsageError } from "../usage-error.ts";
import { SIM_MODEL } from "./models.ts";
import { startModelSim, type ModelSim } from "./index.ts";
import { waitForStopSignal } from "../simulator-server.ts";

export interface ModelSimFlags {
  port: number;
  host: string;
  apiKey?: string;
}

/** The key printed for the agent's environment when the simulator accepts any (the SDKs need one). */
const ANY_KEY = "sk-model-sim";

function print(line = ""): void {
  process.stdout.write(`${line}\n`);
}

async function start(flags: ModelSimFlags): Promise<ModelSim> {
  try {
    return await startModelSim({
      port: flags.port,
      host: flags.host,
      apiKey: flags.apiKey,
      log: (line) => print(`${pc.dim(new Date().toISOString().slice(11, 23))} ${line}`),
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EADDRINUSE")
      throw new UsageError(`port ${flags.port} is already in use; choose another with --port`);
    throw error;
  }
}

function printIntro(sim: ModelSim, flags: ModelSimFlags): void {
  const key = flags.apiKey ?? ANY_KEY;
  print(pc.bold(`Model provider simulator on ${sim.url}`) + pc.dim(" (Ctrl-C stops it)"));
  print();
  print(`OpenAI and OpenAI-compatible clients: ${sim.openaiBaseUrl}   Anthropic clients: ${sim.anthropicBaseUrl}`);
  print("Set in your agent's environment (.env):");
  print(`OPENAI_BASE_URL=${sim.openaiBaseUrl}`);
  print(`OPENAI_API_KEY=${key}`);
  print(`ANTHROPIC_BASE_URL=${sim.anthropicBaseUrl}`);
  print(`ANTHROPIC_API_KEY=${key}`);
  print(pc.dim(`(the AI SDK's @ai-sdk/anthropic wants ANTHROPIC_BASE_URL with /v1: ${sim.openaiBaseUrl})`));
  print();
  print(`Any model name is answered (${SIM_MODEL} is the one listed). With nothing scripted, a model`);
  print("answers with a text that quotes the last user message. Script turns with:");
  print(
    `  curl -s -X POST ${sim.url}/__sim/script -H 'content-type: application/json' -d '{"turns":[{"text":"Hello"}]}'`,
  );
  print();
}

export async function runModelSim(flags: ModelSimFlags): Promise<void> {
  // Listening before anything is printed: whoever reads the intro may stop it at once.
  const stopSignal = waitForStopSignal();
  const sim = await start(flags);
  printIntro(sim, flags);
  const signal = await stopSignal;
  await sim.close();
  print(`model-sim stopped (${signal})`);
}
