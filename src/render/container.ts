import type { PackageManager, StackOptions } from "../options.js";
import { formatCommand, scriptCommand } from "../stack/commands.js";
import { serverPermissions } from "./deno-json.js";
import { containerImage } from "./versions.js";

/**
 * What the generated Dockerfile says for a stack. templates/container/Dockerfile.hbs lays out the
 * stages the same way for every runtime (a build stage with the runtime's tools, then a small
 * final stage that runs as the image's non-root user); this says what each runtime puts in them.
 */
export interface ContainerSpec {
  /** The build stage's image: has what an install may need (Node's also has a C++ compiler). */
  buildImage: string;
  /** The final stage's image: the runtime and little else. */
  runImage: string;
  /** The non-root user the official image provides. */
  user: string;
  /** What the build stage copies before its install: the manifest and its lockfile (Deno: and src/). */
  manifest: string[];
  /** The build stage's install: only what the agent runs with ends up in the final stage. */
  install: string;
  /** What the build stage copies after the install: the sources and what builds them. */
  sources: string[];
  /** Commands after the sources are in: the build, then dropping the development dependencies. */
  build: string[];
  /** What the final stage copies from the build stage, and nothing else. */
  runFiles: string[];
  /** The final stage's environment besides HOST, PORT and LOG_FORMAT. */
  env: Record<string, string>;
  /** The command that runs the agent: the runtime itself, so that SIGTERM reaches the agent. */
  command: string[];
  /** A one-line request to /availability with the runtime (slim images have no curl). */
  healthcheck: string[];
}

/** The non-root user that each runtime's official image provides. */
const IMAGE_USERS: Record<StackOptions["runtime"], string> = { node: "node", bun: "bun", deno: "deno" };

/**
 * The image as the README describes it, before .env.example is rendered: the command in words
 * (a Deno agent's permissions are those of its start task).
 */
export function containerSummary(stack: Pick<StackOptions, "runtime">): { runImage: string; user: string; command: string } {
  const command = {
    node: "node dist/main.js",
    bun: "bun src/main.ts",
    deno: "deno run --cached-only <the start task's permissions> src/main.ts",
  }[stack.runtime];
  return { runImage: containerImage(stack.runtime).run, user: IMAGE_USERS[stack.runtime], command };
}

/** How each package manager installs exactly its lockfile, and then keeps production dependencies only. */
const NODE_INSTALLS: Record<PackageManager, { lockfile: string; install: string; prune: string }> = {
  npm: { lockfile: "package-lock.json", install: "npm ci", prune: "npm prune --omit=dev" },
  // Node 24's image brings pnpm through corepack (the version package.json's packageManager names, or corepack's).
  pnpm: {
    lockfile: "pnpm-lock.yaml",
    install: "corepack enable pnpm && pnpm install --frozen-lockfile",
    prune: "pnpm prune --prod",
  },
  yarn: {
    lockfile: "yarn.lock",
    install: "yarn install --frozen-lockfile",
    prune: "yarn install --frozen-lockfile --production",
  },
  bun: {
    lockfile: "bun.lock",
    install: "npm install --global bun && bun install --frozen-lockfile",
    prune: "rm -rf node_modules && bun install --frozen-lockfile --production",
  },
};

/** The availability probe, in JavaScript every runtime runs: exit 0 on a 2xx, 1 otherwise. */
const PROBE =
  "fetch('http://127.0.0.1:' + (process.env.PORT ?? '3000') + '/availability')" +
  ".then((answer) => process.exit(answer.ok ? 0 : 1), () => process.exit(1))";

/**
 * Node runs the JavaScript that tsc emits (dist/), with the production dependencies only. Bun and
 * Deno run the TypeScript sources as they are: both strip the types as they load a module, so a
 * compile step would add a tool and change nothing at run time.
 */
export function containerSpec(stack: StackOptions, envNames: readonly string[]): ContainerSpec {
  const image = containerImage(stack.runtime);
  const base = { buildImage: image.build, runImage: image.run, user: IMAGE_USERS[stack.runtime] };
  if (stack.runtime === "bun") {
    return {
      ...base,
      manifest: ["package.json", "bun.lock"],
      install: "bun install --frozen-lockfile --production",
      sources: ["tsconfig.json", "src"],
      build: [],
      runFiles: ["package.json", "node_modules", "tsconfig.json", "src"],
      env: { NODE_ENV: "production" },
      command: ["bun", "src/main.ts"],
      healthcheck: ["bun", "--eval", PROBE],
    };
  }
  if (stack.runtime === "deno") {
    return {
      ...base,
      // `--entrypoint` makes the install read src/main.ts, so the sources come first. deno.json has
      // no development section: vitest is installed too (the agent never loads it).
      manifest: ["deno.json", "deno.lock", "src"],
      install: "deno install --frozen --entrypoint src/main.ts",
      sources: [],
      build: [],
      runFiles: ["deno.json", "deno.lock", "node_modules", "src"],
      env: {},
      command: ["deno", "run", "--cached-only", ...serverPermissions(stack, envNames).split(" "), "src/main.ts"],
      healthcheck: ["deno", "eval", PROBE],
    };
  }
  const packages = NODE_INSTALLS[stack.packageManager];
  return {
    ...base,
    manifest: ["package.json", packages.lockfile],
    install: packages.install,
    sources: ["tsconfig.json", "tsconfig.build.json", "src"],
    build: [formatCommand(scriptCommand(stack, "build")), packages.prune],
    runFiles: ["package.json", "node_modules", "dist"],
    env: { NODE_ENV: "production" },
    command: ["node", "dist/main.js"],
    healthcheck: ["node", "--eval", PROBE],
  };
}
