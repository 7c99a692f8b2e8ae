import type { StackOptions } from "../options.js";

/** Commands as the chosen package manager spells them, for READMEs and next steps. */
export interface PackageManagerCommands {
  install: string;
  /** `npm test` style: every package manager runs the test script without `run`. */
  test: string;
  run: (script: string) => string;
}

export function packageManagerCommands(stack: Pick<StackOptions, "packageManager">): PackageManagerCommands {
  const pm = stack.packageManager;
  return {
    install: `${pm} install`,
    test: `${pm} test`,
    run: (script) => (pm === "npm" ? `npm run ${script}` : `${pm} ${script}`),
  };
}

/** The variables every template sees. Flags such as `isSqlite` keep template conditionals short. */
export function templateContext(stack: StackOptions): Record<string, unknown> {
  const pm = packageManagerCommands(stack);
  return {
    ...stack,
    isNode: stack.runtime === "node",
    isBun: stack.runtime === "bun",
    isDeno: stack.runtime === "deno",
    isHono: stack.framework === "hono",
    isExpress: stack.framework === "express",
    isFastify: stack.framework === "fastify",
    isMemory: stack.persistence === "memory",
    isSqlite: stack.persistence === "sqlite",
    isPostgres: stack.persistence === "postgres",
    isRedis: stack.persistence === "redis",
    isSimulated: stack.payment === "simulated",
    isFree: stack.payment === "free",
    isMasumi: stack.payment === "masumi",
    isPaid: stack.payment !== "free",
    commands: {
      install: pm.install,
      dev: pm.run("dev"),
      start: pm.run("start"),
      test: pm.test,
      typecheck: pm.run("typecheck"),
      check: pm.run("check"),
    },
  };
}
