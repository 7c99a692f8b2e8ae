/** `masumi-agent model-sim`: its flags; ./run.ts runs the simulator in the foreground. */
import { InvalidArgumentError, type Command } from "commander";
import type { ModelSimFlags } from "./run.ts";

const DEFAULT_PORT = 3002; // next to payment-sim's 3001

function port(value: string): number {
  const number = Number(value);
  if (!/^\d+$/.test(value) || number > 65_535)
    throw new InvalidArgumentError("expected a whole number from 0 to 65535");
  return number;
}

function nonEmpty(value: string): string {
  if (value === "") throw new InvalidArgumentError("must not be empty");
  return value;
}

export function registerModelSimCommand(program: Command): void {
  program
    .command("model-sim")
    .description(
      "Run a local stand-in for model providers (OpenAI chat completions and responses, Anthropic messages), to develop and test an LLM agent without a network or a key.",
    )
    .option("--port <n>", "port to listen on, 0 for any free one", port, DEFAULT_PORT)
    .option("--host <host>", "address to listen on", "127.0.0.1")
    .option("--api-key <key>", "accept only this key (default: any key)", nonEmpty)
    .action(async (flags: ModelSimFlags) => {
      // Loaded on demand, like the other commands.
      const { runModelSim } = await import("./run.ts");
      await runModelSim(flags);
    });
}
