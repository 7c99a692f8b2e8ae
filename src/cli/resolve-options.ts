import { resolve } from "node:path";
import {
  FRAMEWORKS,
  PACKAGE_MANAGERS,
  PAYMENTS,
  PERSISTENCES,
  RUNTIMES,
  STACK_DEFAULTS,
  type ProjectOptions,
} from "../options.js";
import { isBuilt, unsupportedReason } from "../stack/support.js";
import { UsageError } from "./errors.js";
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
  const suggestedName = flags.name ?? (dir ? nameFromDirectory(resolve(env.cwd, dir)) : undefined);
  if (flags.name !== undefined) assertValidName(flags.name);
  else if (dir !== undefined && suggestedName !== undefined && !env.interactive) assertValidName(suggestedName);

  const ask = env.interactive;
  const projectName =
    flags.name ??
    (ask
      ? await questions.text("Project name", suggestedName ?? DEFAULT_PROJECT_NAME, invalidNameReason)
      : (suggestedName ?? DEFAULT_PROJECT_NAME));
  const runtime =
    flags.runtime ?? (ask ? await questions.select("Runtime", RUNTIMES, STACK_DEFAULTS.runtime) : STACK_DEFAULTS.runtime);
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
  if (runtime === "deno" && flags.pm) {
    throw new UsageError("--runtime deno installs with deno from deno.json: leave --pm out");
  }
  // Bun and Deno install with their own tools, so only Node asks for a package manager; Deno's
  // stays the unused default.
  const launchedWith = runtime === "bun" ? "bun" : detectPackageManager(env.userAgent);
  const packageManager =
    flags.pm ??
    (ask && runtime === "node"
      ? await questions.select("Package manager", PACKAGE_MANAGERS, launchedWith)
      : launchedWith);
  const install = flags.install ?? (ask ? await questions.confirm("Install dependencies?", true) : true);
  const git = flags.git ?? (ask ? await questions.confirm("Initialise a git repository?", true) : true);
  const check =
    flags.check ?? (install && ask ? await questions.confirm("Run the conformance check?", true) : install);

  const reason = unsupportedReason({ runtime, framework, persistence, payment, packageManager });
  if (reason) throw new UsageError(reason);
  if (check && !install) {
    throw new UsageError("--check needs the dependencies installed: drop --no-install or add --no-check");
  }

  return {
    projectName,
    runtime,
    framework,
    persistence,
    payment,
    packageManager,
    targetDir: resolve(env.cwd, dir ?? projectName),
    install,
    git,
    check,
    force: flags.force ?? false,
    dryRun: flags.dryRun ?? false,
  };
}
