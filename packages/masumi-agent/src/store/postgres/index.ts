import { ConfigError } from "../../config.ts";
import type { EnvReader } from "../../env.ts";
import { urlSchema } from "./url-schema.ts";
import type { JobStore } from "../store.ts";

/** This agent keeps its jobs in PostgreSQL: they survive restarts, and instances share them. */
export interface StoreConfig {
  kind: "postgres";
  url: string;
}

export function readStoreConfig(env: EnvReader, _dataDir: string): StoreConfig {
  const url = env.matching(
    "DATABASE_URL",
    /^postgres(ql)?:\/\/\S+$/,
    "a PostgreSQL URL such as postgres://user:password@localhost:5432/agent",
  );
  return { kind: "postgres", url: url ?? "postgres://postgres@localhost:5432/agent" };
}

/**
 * Opens the store; a database that refuses the agent is a configuration error that says why.
 * pg, a peer dependency, is loaded here: a project on another store need not install it.
 */
export async function openStore(config: StoreConfig): Promise<JobStore> {
  const { PostgresJobStore } = await import("./postgres.ts");
  try {
    return await PostgresJobStore.open(config.url);
  } catch (error) {
    const { startProblem } = await import("./start-problem.ts");
    const problem = startProblem(error, config.url);
    throw problem === undefined ? error : new ConfigError([problem]);
  }
}

export function describeStore(config: StoreConfig): string {
  const { host, pathname } = new URL(config.url);
  const schema = urlSchema(config.url);
  return `in PostgreSQL at ${host}${pathname}${schema === undefined ? "" : `, schema ${schema}`}`;
}
