import type { StackOptions } from "../options.js";
import { PAID_SCRIPTS } from "../stack/commands.js";
import { agentDenoSys } from "./agent-kinds.js";
import type { LibrarySource } from "./library.js";
import { dependencyNames } from "./package-json.js";
import { dependencyVersion } from "./versions.js";

/**
 * The names a .env.example sets or mentions (`NAME=` or `# NAME=`): every variable the agent
 * reads, which is what a Deno agent is allowed to read and nothing more.
 */
export function documentedEnvNames(envExample: string): string[] {
  return [...envExample.matchAll(/^(?:# )?([A-Z][A-Z0-9_]*)=/gm)].map(
    (match) => match[1] as string,
  );
}

/**
 * Variables the agent's dependencies read beyond its own, or "all". Express and ioredis load
 * `debug`, which lists every variable at load to find its DEBUG_* settings; pg reads libpq's PG*
 * settings and takes the login name from USER as its default user.
 */
function dependencyEnvNames(stack: StackOptions): readonly string[] | "all" {
  // The model SDKs read their own settings (OPENAI_*, LANGCHAIN_*, ...) when they load.
  if (stack.framework === "express" || stack.persistence === "redis" || stack.agent !== "offline")
    return "all";
  if (stack.persistence === "postgres") return ["PG*", "USER"];
  return [];
}

/** Permissions of the agent itself: the network, its variables, .env, and data/ to write. */
export function serverPermissions(stack: StackOptions, envNames: readonly string[]): string {
  const dependencyNames = dependencyEnvNames(stack);
  const env =
    dependencyNames === "all"
      ? "--allow-env"
      : `--allow-env=${[...envNames, ...dependencyNames].join(",")}`;
  const sys = agentDenoSys(stack.agent);
  const sysFlag = sys.length > 0 ? ` --allow-sys=${sys.join(",")}` : "";
  return `--allow-net ${env}${sysFlag} --allow-read=.env,data --allow-write=data`;
}

/**
 * vitest on Deno: it reads the project and temporary directories, runs workers and the agent as
 * child processes, asks the system about CPUs, loads its native bundler from node_modules and
 * resolves localhost; the tests talk to agents on 127.0.0.1. At load vite asks whether it runs
 * in WSL: its is-wsl looks for /proc/sys/fs/binfmt_misc/WSLInterop, which Deno lets a program
 * see under --allow-all only, and vitest stops with NotCapable. With __IS_WSL_TEST__ set is-wsl
 * waits until asked (to open a browser, which tests never do). The README says so too.
 */
const TEST_COMMAND =
  "__IS_WSL_TEST__=1 deno run --allow-env --allow-read --allow-write --allow-run --allow-sys " +
  "--allow-ffi=node_modules --allow-net=127.0.0.1,localhost npm:vitest run";

/** The project's own checker: masumi-agent's bin, run from its npm: import. */
function checkTask(library: LibrarySource): string {
  return `deno run --allow-net=localhost:3000 --allow-env --allow-read npm:masumi-agent@${library.version} check http://localhost:3000`;
}

/**
 * The payment-service simulator and listing the agent, for projects paid through the Masumi
 * payment service: the commands read .env (every variable: a variable set in the environment
 * wins) and the listing file, write .env, listen or talk to the payment service and the agent.
 */
function paidTasks(stack: StackOptions, library: LibrarySource): Record<string, string> {
  if (stack.payment !== "masumi") return {};
  const run = `deno run --allow-net --allow-env --allow-read --allow-write=.env npm:masumi-agent@${library.version}`;
  return Object.fromEntries(
    Object.entries(PAID_SCRIPTS).map(([script, command]) => [script, `${run} ${command}`]),
  );
}

/**
 * The generated project's deno.json, built as an object: tasks with their permissions spelled
 * out, npm: imports from the version map, the strict compiler options of the other runtimes.
 * Deno needs no package.json: `deno install` reads these imports into node_modules. From a
 * checkout, `links` puts the checkout's library in place of the published one.
 */
export function buildDenoJson(
  stack: StackOptions,
  envNames: readonly string[],
  library: LibrarySource,
): Record<string, unknown> {
  const { dependencies, devDependencies } = dependencyNames(stack);
  const imports = [...dependencies, ...devDependencies]
    .sort()
    .map((name) => [name, `npm:${name}@${dependencyVersion(name)}`]);
  return {
    tasks: {
      dev: `deno run --watch ${serverPermissions(stack, envNames)} src/main.ts`,
      start: `deno run ${serverPermissions(stack, envNames)} src/main.ts`,
      test: TEST_COMMAND,
      typecheck: "deno check src test",
      check: checkTask(library),
      ...paidTasks(stack, library),
    },
    imports: {
      "masumi-agent": `npm:masumi-agent@${library.version}`,
      ...Object.fromEntries(imports),
    },
    ...(library.kind === "checkout" ? { links: [library.packageDir] } : {}),
    // vitest loads its dependencies from node_modules, as under Node.
    nodeModulesDir: "auto",
    compilerOptions: {
      strict: true,
      noUnusedLocals: true,
      noUnusedParameters: true,
      noImplicitOverride: true,
      noImplicitReturns: true,
      noFallthroughCasesInSwitch: true,
      noUncheckedIndexedAccess: true,
    },
  };
}
