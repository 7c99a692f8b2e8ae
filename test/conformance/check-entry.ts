/** The `check` command on its own, as the CLI wires it: for tests that run it as a child process. */
import { Command } from "commander";
import { registerCheckCommand } from "../../packages/masumi-agent/src/check/command.js";

const program = new Command("create-masumi-agent");
registerCheckCommand(program);
await program.parseAsync(process.argv);
