/**
 * The dimensions a generated project varies along, and the one typed options object
 * that the CLI fills (from flags and prompts) and every later step reads.
 */

export const RUNTIMES = ["node", "bun", "deno"] as const;
export const FRAMEWORKS = ["hono", "express", "fastify"] as const;
export const PERSISTENCES = ["memory", "sqlite", "postgres", "redis"] as const;
export const PAYMENTS = ["simulated", "free", "masumi"] as const;
export const PACKAGE_MANAGERS = ["npm", "pnpm", "yarn", "bun"] as const;
/** What src/agent.ts is built on: the offline example, or an LLM agent in one framework. */
export const AGENT_KINDS = ["offline", "ai-sdk", "langgraph", "openai-agents"] as const;

export type Runtime = (typeof RUNTIMES)[number];
export type Framework = (typeof FRAMEWORKS)[number];
export type Persistence = (typeof PERSISTENCES)[number];
export type Payment = (typeof PAYMENTS)[number];
export type PackageManager = (typeof PACKAGE_MANAGERS)[number];
export type AgentKind = (typeof AGENT_KINDS)[number];

/** What gets generated: the part of the options that shapes the file tree. */
export interface StackOptions {
  projectName: string;
  runtime: Runtime;
  framework: Framework;
  persistence: Persistence;
  payment: Payment;
  packageManager: PackageManager;
  agent: AgentKind;
}

/** Everything one run of the scaffolder needs to know. */
export interface ProjectOptions extends StackOptions {
  /** Absolute path of the directory the project is written to. */
  targetDir: string;
  install: boolean;
  git: boolean;
  check: boolean;
  force: boolean;
  dryRun: boolean;
  /** Every conformance check of the check step, not only each profile's summary. */
  verbose: boolean;
}

export const STACK_DEFAULTS = {
  runtime: "node",
  framework: "hono",
  persistence: "sqlite",
  payment: "simulated",
  // The offline example needs no model and no key, so `--yes` works anywhere.
  agent: "offline",
} as const satisfies Omit<StackOptions, "projectName" | "packageManager">;

/** Human labels and one-line hints, shared by `--help` and the prompts. */
export const CHOICE_HINTS: Record<string, string> = {
  node: "Node.js",
  bun: "Bun",
  deno: "Deno",
  hono: "Hono: small, fast, Web-standard",
  express: "Express 5",
  fastify: "Fastify 5",
  memory: "in memory: tests and demos, lost on restart",
  sqlite: "SQLite file under data/",
  postgres: "PostgreSQL via DATABASE_URL",
  redis: "Redis via REDIS_URL",
  simulated: "simulated payments: the full paid flow, no Cardano",
  free: "free: no payment at all",
  masumi: "real Masumi payment service",
  offline: "offline text example: no model, no key",
  "ai-sdk": "Vercel AI SDK: research with a web tool the buyer approves",
  langgraph: "LangGraph.js: research with a web tool the buyer approves",
  "openai-agents": "OpenAI Agents SDK: research with a web tool the buyer approves",
};
