import type { AgentKind } from "../options.js";

/**
 * What each agent kind adds to a project: its template layers (the shared model agent, then the
 * framework's own src/agent.ts and src/model.ts) and its dependencies. The offline example is
 * the base layer's src/agent.ts and needs nothing.
 */
const AGENT_DEPENDENCIES: Record<AgentKind, readonly string[]> = {
  offline: [],
  "ai-sdk": ["ai", "@ai-sdk/openai", "@ai-sdk/anthropic", "zod"],
  langgraph: ["@langchain/langgraph", "@langchain/core", "@langchain/openai", "@langchain/anthropic", "zod"],
  // openai is named although @openai/agents brings it: src/model.ts imports it, and pnpm and Deno
  // let a project import only what it declares.
  "openai-agents": ["@openai/agents", "openai", "zod"],
};

/**
 * What Deno must allow of `--allow-sys` for each kind's packages: @vercel/oidc (under the AI SDK)
 * names the host in its user agent when it loads, LangSmith (under LangChain) looks for its
 * profile in the home directory when a graph runs. Without them Deno stops them with NotCapable.
 */
const AGENT_DENO_SYS: Record<AgentKind, readonly string[]> = {
  offline: [],
  "ai-sdk": ["hostname"],
  langgraph: ["homedir"],
  "openai-agents": [],
};

export function agentDenoSys(kind: AgentKind): readonly string[] {
  return AGENT_DENO_SYS[kind];
}

/** How the README names each kind's framework. */
export const AGENT_FRAMEWORK_NAMES: Record<AgentKind, string> = {
  offline: "no model (the offline example)",
  "ai-sdk": "the Vercel AI SDK",
  langgraph: "LangGraph.js",
  "openai-agents": "the OpenAI Agents SDK",
};

export function agentLayers(kind: AgentKind): string[] {
  return kind === "offline" ? [] : ["agent/model", `agent/${kind}`];
}

export function agentDependencies(kind: AgentKind): readonly string[] {
  return AGENT_DEPENDENCIES[kind];
}
