import { basename, relative, resolve } from "node:path";
import {
  AGENT_KINDS,
  FRAMEWORKS,
  PACKAGE_MANAGERS,
  PAYMENTS,
  PERSISTENCES,
  RUNTIMES,
  STACK_DEFAULTS,
  type ProjectOptions,
} from "../options.js";
import { installCommand } from "../stack/commands.js";
import { installHint } from "../stack/installed.js";
import { isBuilt, unsupportedReason } from "../stack/support.js";
import { assertTargetWritable, targetProblem } from "../steps/check-target.js";
import { CancelledError, UsageError } from "./errors.js";
import type { CreateFlags } from "./flags.js";
import { detectPackageManager } from "./package-manager.js";
import { invalidNameReason, nameFromDirectory } from "./project-name.js";
import type { Questions } from "./questions.js";

export const DEFAULT_PROJECT_NAME = "my-masumi-agent";

export interface ResolveEnvironment {
  /** True when questions may be asked: a TTY, not CI, no --yes. */
  interactive: boolean;
  cwd: string;
  userAgent: string | undefined;
  /** Whether a command (a package manager, bun, deno) is on the PATH. */
  isInstalled: (tool: string) => boolean;
}

/** Refuses a flag value that exists but is not built yet, naming what is. */
function assertBuilt(flag: string, value: string | undefined, all: readonly string[]): void {
  if (value === undefined || isBuilt(value)) return;
  const available = all.filter(isBuilt).join(", ");
  throw new UsageError(`--${flag} ${value} is not available yet; choose from: ${available}`);
}

function assertValidName(name: string): void {
  const reason = invalidNameReason(name);
  if (reason) throw new UsageError(`Invalid project name "${name}": ${reason}`);
}

/**
 * Refuses to go on when the tool that installs the project is missing: writing the files first
 * would fail at the install and leave a non-empty directory for the next try.
 */
function assertInstallToolPresent(
  stack: Pick<ProjectOptions, "runtime" | "packageManager">,
  pmFlag: boolean,
  isInstalled: (tool: string) => boolean,
): void {
  const tool = installCommand(stack).file;
  if (isInstalled(tool)) return;
  const others = PACKAGE_MANAGERS.filter((manager) => manager !== tool && isInstalled(manager));
  const source =
    stack.runtime !== "node"
      ? `--runtime ${stack.runtime} installs with ${tool}`
      : `${pmFlag ? `--pm ${tool}` : `The package manager that launched this CLI`} installs with ${tool}`;
  const instead = stack.runtime === "node" && others.length > 0 ? `, use --pm ${others.join(" | ")}` : "";
  throw new UsageError(
    `${source}, which is not installed (not on the PATH): install it (${installHint(tool)})${instead} or pass --no-install`,
  );
}

/**
 * Asks what to do about a non-empty target directory: another name (or directory), writing into
 * it as --force does, or cancelling.
 */
async function settleTarget(
  targetDir: string,
  dirFollowsName: boolean,
  questions: Questions,
  cwd: string,
): Promise<{ targetDir: string; force: boolean; projectName?: string }> {
  const problem = targetProblem(targetDir, false)!;
  const notADirectory = targetProblem(targetDir, true) !== undefined;
  const choice = await questions.select(
    `${problem}. What now?`,
    ["rename", "overwrite", "cancel"] as const,
    "rename",
    (answer) => ({
      label: {
        rename: dirFollowsName ? "Choose another name" : "Choose another directory",
        overwrite: "Write into it",
        cancel: "Cancel",
      }[answer],
      hint:
        answer === "overwrite"
          ? notADirectory
            ? "it is not a directory"
            : "as --force: files of the same name are replaced, the others kept"
          : undefined,
      disabled: answer === "overwrite" && notADirectory,
    }),
  );
  if (choice === "cancel") throw new CancelledError();
  if (choice === "overwrite") return { targetDir, force: true };
  const isFree = (path: string) => targetProblem(resolve(cwd, path), false);
  if (dirFollowsName) {
    const projectName = await questions.text(
      "Project name",
      `${nameFromDirectory(targetDir)}-2`,
      (name) => invalidNameReason(name) ?? isFree(name),
    );
    return { targetDir: resolve(cwd, projectName), force: false, projectName };
  }
  const directory = await questions.text("Directory", `${relative(cwd, targetDir) || basename(targetDir)}-2`, isFree);
  return { targetDir: resolve(cwd, directory), force: false };
}

/**
 * Turns the command line into the one options object of the run: flags first, then answers to
 * the questions the flags left open (or their defaults when nothing may be asked).
 * Everything that can be refused is refused here, before anything is rendered.
 */
export async function resolveOptions(
  dir: string | undefined,
  flags: CreateFlags,
  questions: Questions,
  env: ResolveEnvironment,
): Promise<ProjectOptions> {
  assertBuilt("runtime", flags.runtime, RUNTIMES);
  assertBuilt("framework", flags.framework, FRAMEWORKS);
  assertBuilt("persistence", flags.persistence, PERSISTENCES);
  assertBuilt("payment", flags.payment, PAYMENTS);
  assertBuilt("agent", flags.agent, AGENT_KINDS);
  const suggestedName = flags.name ?? (dir ? nameFromDirectory(resolve(env.cwd, dir)) : undefined);
  if (flags.name !== undefined) assertValidName(flags.name);
  else if (dir !== undefined && suggestedName !== undefined && !env.interactive) assertValidName(suggestedName);

  const ask = env.interactive;
  let projectName =
    flags.name ??
    (ask
      ? await questions.text("Project name", suggestedName ?? DEFAULT_PROJECT_NAME, invalidNameReason)
      : (suggestedName ?? DEFAULT_PROJECT_NAME));
  let targetDir = resolve(env.cwd, dir ?? projectName);
  let force = flags.force ?? false;
  // The directory is known now: a non-empty one is settled before the other questions.
  if (targetProblem(targetDir, force) !== undefined) {
    if (!ask) assertTargetWritable(targetDir, force);
    const settled = await settleTarget(targetDir, dir === undefined, questions, env.cwd);
    ({ targetDir, force } = settled);
    projectName = settled.projectName ?? projectName;
  }
  const runtime =
    flags.runtime ??
    (ask ? await questions.select("Runtime", RUNTIMES, STACK_DEFAULTS.runtime) : STACK_DEFAULTS.runtime);
  const framework =
    flags.framework ??
    (ask ? await questions.select("Web framework", FRAMEWORKS, STACK_DEFAULTS.framework) : STACK_DEFAULTS.framework);
  const persistence =
    flags.persistence ??
    (ask
      ? await questions.select("Where are jobs stored?", PERSISTENCES, STACK_DEFAULTS.persistence)
      : STACK_DEFAULTS.persistence);
  const payment =
    flags.payment ??
    (ask ? await questions.select("Payments", PAYMENTS, STACK_DEFAULTS.payment) : STACK_DEFAULTS.payment);
  const agent =
    flags.agent ??
    (ask ? await questions.select("What is the agent built on?", AGENT_KINDS, STACK_DEFAULTS.agent) : STACK_DEFAULTS.agent);
  if (runtime === "deno" && flags.pm) {
    throw new UsageError("--runtime deno installs with deno from deno.json: leave --pm out");
  }
  // Bun and Deno install with their own tools, so only Node asks for a package manager; Deno's
  // stays the unused default.
  const launchedWith = runtime === "bun" ? "bun" : detectPackageManager(env.userAgent);
  // Looked up only to ask: a search of every PATH directory for each manager.
  const installed = ask && runtime === "node" ? PACKAGE_MANAGERS.filter(env.isInstalled) : [];
  const packageManager =
    flags.pm ??
    (installed.length > 0
      ? await questions.select(
          "Package manager",
          PACKAGE_MANAGERS,
          installed.includes(launchedWith) ? launchedWith : installed[0]!,
          (manager) =>
            env.isInstalled(manager)
              ? {}
              : {
                  hint: `not installed (not on the PATH): ${installHint(manager)}`,
                  disabled: true,
                },
        )
      : launchedWith);
  const install = flags.install ?? (ask ? await questions.confirm("Install dependencies?", true) : true);
  const git = flags.git ?? (ask ? await questions.confirm("Initialise a git repository?", true) : true);
  const check = flags.check ?? (install && ask ? await questions.confirm("Run the conformance check?", true) : install);

  const reason = unsupportedReason({
    runtime,
    framework,
    persistence,
    payment,
    packageManager,
    agent,
  });
  if (reason) throw new UsageError(reason);
  if (check && !install) {
    throw new UsageError("--check needs the dependencies installed: drop --no-install or add --no-check");
  }
  if (install) assertInstallToolPresent({ runtime, packageManager }, flags.pm !== undefined, env.isInstalled);

  return {
    projectName,
    runtime,
    framework,
    persistence,
    payment,
    packageManager,
    agent,
    targetDir,
    install,
    git,
    check,
    force,
    dryRun: flags.dryRun ?? false,
    verbose: flags.verbose ?? false,
  };
}
