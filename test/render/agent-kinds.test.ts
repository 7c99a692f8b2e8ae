import { describe, expect, it } from "vitest";
import { documentedEnvNames } from "../../src/render/deno-json.js";
import { PUBLISHED_LIBRARY } from "../../src/render/library.js";
import { renderTree, templateLayers } from "../../src/render/render-tree.js";
import { AGENT_KINDS, STACK_DEFAULTS, type AgentKind, type StackOptions } from "../../src/options.js";

const stack = (agent: AgentKind, runtime: StackOptions["runtime"] = "node"): StackOptions => ({
  ...STACK_DEFAULTS,
  projectName: `${agent}-agent`,
  runtime,
  packageManager: runtime === "bun" ? "bun" : "npm",
  agent,
});

const manifest = (tree: Map<string, string>, name: string) =>
  JSON.parse(tree.get(name)!) as Record<string, Record<string, string>>;

/** The framework packages of each kind: what must be in its manifest and in no other's. */
const FRAMEWORK_PACKAGES: Record<Exclude<AgentKind, "offline">, string[]> = {
  "ai-sdk": ["ai", "@ai-sdk/openai", "@ai-sdk/anthropic"],
  langgraph: ["@langchain/langgraph", "@langchain/core", "@langchain/openai", "@langchain/anthropic"],
  "openai-agents": ["@openai/agents", "openai"],
};

describe("agent kinds", () => {
  it("the offline example is the base layer alone, with no model settings and no model package", async () => {
    expect(templateLayers(stack("offline"))).toEqual(["base", "runtime/node", "framework/hono"]);
    const tree = await renderTree(stack("offline"), { library: PUBLISHED_LIBRARY });
    expect(tree.get(".env.example")).not.toContain("MODEL_");
    expect(tree.has("src/model.ts")).toBe(false);
    expect(tree.get("src/agent.ts")).toContain("offline");
    expect(Object.keys(manifest(tree, "package.json").dependencies!)).not.toContain("zod");
  });

  it.each(Object.entries(FRAMEWORK_PACKAGES))(
    "%s: its agent and model on the shared model layer, its packages only",
    async (kind, packages) => {
      const tree = await renderTree(stack(kind as AgentKind), { library: PUBLISHED_LIBRARY });
      expect(templateLayers(stack(kind as AgentKind)).slice(-2)).toEqual(["agent/model", `agent/${kind}`]);
      for (const file of [
        "src/agent.ts",
        "src/model.ts",
        "src/research.ts",
        "src/read-page.ts",
        "src/settings.ts",
        "test/agent.test.ts",
      ]) {
        expect(tree.has(file), file).toBe(true);
      }
      const dependencies = Object.keys(manifest(tree, "package.json").dependencies!);
      expect(dependencies).toEqual(expect.arrayContaining([...packages, "zod"]));
      const others = Object.entries(FRAMEWORK_PACKAGES)
        .filter(([other]) => other !== kind)
        .flatMap(([, names]) => names);
      expect(dependencies.filter((name) => others.includes(name))).toEqual([]);
      // Every import of the generated sources is a declared package or a file of the project.
      const imported = [...tree]
        .filter(([path]) => path.endsWith(".ts"))
        .flatMap(([, source]) => [...source.matchAll(/from "([^".][^"]*)"/g)].map((match) => match[1]!))
        .map((specifier) =>
          specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : specifier.split("/")[0]!,
        )
        .filter((name) => !name.startsWith("node:"));
      const declared = [...dependencies, ...Object.keys(manifest(tree, "package.json").devDependencies!)];
      expect([...new Set(imported)].filter((name) => !declared.includes(name))).toEqual([]);
      expect(documentedEnvNames(tree.get(".env.example")!)).toEqual(
        expect.arrayContaining([
          "MODEL_PROVIDER",
          "MODEL_NAME",
          "MODEL_API_KEY",
          "MODEL_BASE_URL",
          "MODEL_MAX_STEPS",
          "MODEL_MAX_OUTPUT_TOKENS",
        ]),
      );
    },
  );

  it("a Deno agent on a model may read every variable (the model SDKs read their own) and what its packages ask of the system", async () => {
    for (const kind of AGENT_KINDS) {
      const tasks = manifest(await renderTree(stack(kind, "deno"), { library: PUBLISHED_LIBRARY }), "deno.json").tasks!;
      expect(tasks.start, kind).toMatch(kind === "offline" ? /--allow-env=PORT,/ : /--allow-env /);
    }
    const sysOf = async (kind: AgentKind) =>
      /--allow-sys=(\S+)/.exec(
        manifest(await renderTree(stack(kind, "deno"), { library: PUBLISHED_LIBRARY }), "deno.json").tasks!.start!,
      )?.[1];
    // What each framework's packages ask of the system when they load or run, and no more.
    expect(await sysOf("ai-sdk")).toBe("hostname");
    expect(await sysOf("langgraph")).toBe("homedir");
    expect(await sysOf("openai-agents")).toBeUndefined();
    expect(await sysOf("offline")).toBeUndefined();
  });
});
