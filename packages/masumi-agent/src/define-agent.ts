import type { Env } from "./env.ts";
import type { InputOf, InputSchema } from "./jobs/schema.ts";
import type { Demo, JobContext } from "./jobs/types.ts";

/**
 * An agent whose `run` takes the input typed from its own schema. It is an Agent (what
 * startAgent takes): run's parameter is declared with method syntax, so the narrower input
 * type is accepted where Agent's InputValues is.
 */
export interface AgentDefinition<S extends InputSchema> {
  inputSchema: S;
  run(input: InputOf<S>, ctx: JobContext): Promise<string>;
  demo?: Demo;
  prepare?(env: Env): void | Promise<void>;
}

/**
 * Declares an agent: the schema is read as if written `as const`, so that `run(input)` gets the
 * validated input's type (InputOf) without naming it. Returns the agent unchanged.
 */
export function defineAgent<const S extends InputSchema>(
  agent: AgentDefinition<S>,
): AgentDefinition<S> {
  return agent;
}
