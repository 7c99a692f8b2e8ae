import type { StackOptions } from "../options.js";

/** A command as a program and its arguments, ready for execa, and as the user types it. */
export interface Command {
  file: string;
  args: string[];
}

/** The scripts every generated project has (package.json scripts, or deno.json tasks). */
export type ProjectScript = "dev" | "start" | "test" | "typecheck" | "check";

/**
 * The scripts of a project paid through the Masumi payment service, each a command of masumi-agent's
 * bin: the local payment-service simulator (writing the settings it hands out to .env and locking a
 * purchase's funds 5 s after it, as a buyer paying would) and listing the agent on the registry.
 */
export const PAID_SCRIPTS = {
  "payment-sim": "payment-sim --write-env .env --auto-lock 5000",
  register: "register",
  doctor: "doctor",
  registry: "registry",
} as const;
export type PaidScript = keyof typeof PAID_SCRIPTS;

/** The scripts of some projects only: `build`, where `start` runs compiled output (Node). */
export type OptionalScript = "build";

type CommandStack = Pick<StackOptions, "runtime" | "packageManager">;

/**
 * Whether `start` runs output that `build` makes first: Node runs the JavaScript tsc emits; Bun
 * and Deno run the TypeScript sources themselves, so they have nothing to build.
 */
export function hasBuild(stack: Pick<StackOptions, "runtime">): boolean {
  return stack.runtime === "node";
}

/**
 * The one tool that installs and runs the project: Deno and Bun manage their own dependencies
 * (`--runtime bun` implies `--pm bun`; Deno reads deno.json and ignores `--pm`), Node the chosen
 * package manager.
 */
function tool(stack: CommandStack): string {
  return stack.runtime === "deno" ? "deno" : stack.packageManager;
}

export function installCommand(stack: CommandStack): Command {
  return { file: tool(stack), args: ["install"] };
}

export function scriptCommand(
  stack: CommandStack,
  script: ProjectScript | OptionalScript,
): Command {
  const file = tool(stack);
  if (file === "deno") return { file, args: ["task", script] };
  // `bun test` is Bun's own test runner, not the test script, so bun always says `run`.
  if (file === "npm" && script === "test") return { file, args: ["test"] };
  if (file === "npm" || file === "bun") return { file, args: ["run", script] };
  return { file, args: [script] };
}

export function formatCommand(command: Command): string {
  return [command.file, ...command.args].join(" ");
}

/** The commands a README or the next steps show, as the user types them (`build` where there is one). */
export function projectCommands(
  stack: CommandStack,
): Record<"install" | ProjectScript, string> & Partial<Record<OptionalScript, string>> {
  const run = (script: ProjectScript | OptionalScript) =>
    formatCommand(scriptCommand(stack, script));
  return {
    install: formatCommand(installCommand(stack)),
    ...(hasBuild(stack) ? { build: run("build") } : {}),
    dev: run("dev"),
    start: run("start"),
    test: run("test"),
    typecheck: run("typecheck"),
    check: run("check"),
  };
}

/**
 * The paid project's scripts as the user types them, always with `run` (`pnpm doctor` is pnpm's
 * own command); with npm, flags go after `--`.
 */
export function paidCommands(stack: CommandStack): Record<PaidScript, string> {
  const file = tool(stack);
  const run = (script: string) =>
    formatCommand({ file, args: [file === "deno" ? "task" : "run", script] });
  return Object.fromEntries(
    Object.keys(PAID_SCRIPTS).map((script) => [script, run(script)]),
  ) as Record<PaidScript, string>;
}
