import { CHOICE_HINTS, type StackOptions } from "../options.js";
import { hasBuild, projectCommands, paidCommands } from "../stack/commands.js";
import { AGENT_FRAMEWORK_NAMES } from "./agent-kinds.js";
import { containerSummary } from "./container.js";
import { nodeEngine, RUNNING_NODE, usesNodeSqlite, type NodeTarget } from "./package-json.js";

/** How the README names each store. */
const STORE_NAMES: Record<StackOptions["persistence"], string> = {
  memory: "an in-memory job store",
  sqlite: "SQLite",
  postgres: "PostgreSQL",
  redis: "Redis",
};

/** How the README and src/main.ts name each payment mode. */
const PAYMENT_NAMES: Record<StackOptions["payment"], string> = {
  simulated: "simulated payments",
  free: "free jobs",
  masumi: "payments through the Masumi payment service",
};

/** How the README names each framework. */
const FRAMEWORK_NAMES: Record<StackOptions["framework"], string> = {
  hono: "Hono",
  express: "Express",
  fastify: "Fastify",
};

/** The variables every template sees. Flags such as `isSqlite` keep template conditionals short. */
export function templateContext(
  stack: StackOptions,
  node: NodeTarget = RUNNING_NODE,
): Record<string, unknown> {
  return {
    ...stack,
    runtimeName: CHOICE_HINTS[stack.runtime],
    isNode: stack.runtime === "node",
    isBun: stack.runtime === "bun",
    isDeno: stack.runtime === "deno",
    frameworkName: FRAMEWORK_NAMES[stack.framework],
    isHono: stack.framework === "hono",
    isExpress: stack.framework === "express",
    isFastify: stack.framework === "fastify",
    // Express and Fastify bring node:http on every runtime. Hono uses it on Node, and on Deno too:
    // Deno.serve never ends a request whose headers stall. Bun.serve has an idle timeout.
    usesNodeHttp: stack.framework !== "hono" || stack.runtime !== "bun",
    isMemory: stack.persistence === "memory",
    isSqlite: stack.persistence === "sqlite",
    usesNodeSqlite: usesNodeSqlite(stack, node),
    nodeEngine: nodeEngine(stack, node),
    isPostgres: stack.persistence === "postgres",
    isRedis: stack.persistence === "redis",
    isDurable: stack.persistence !== "memory",
    isShared: stack.persistence === "postgres" || stack.persistence === "redis",
    storeName: STORE_NAMES[stack.persistence],
    paymentName: PAYMENT_NAMES[stack.payment],
    isSimulated: stack.payment === "simulated",
    isFree: stack.payment === "free",
    isMasumi: stack.payment === "masumi",
    isPaid: stack.payment !== "free",
    hasBuild: hasBuild(stack),
    image: containerSummary(stack),
    commands: projectCommands(stack),
    paidCommands: paidCommands(stack),
    usesModel: stack.agent !== "offline",
    agentFrameworkName: AGENT_FRAMEWORK_NAMES[stack.agent],
  };
}
