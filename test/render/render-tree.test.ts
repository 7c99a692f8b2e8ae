import { describe, expect, it } from "vitest";
import { documentedEnvNames } from "../../src/render/deno-json.js";
import { outputPath, renderTree, templateLayers } from "../../src/render/render-tree.js";
import { formatTree } from "../../src/render/file-tree.js";
import { supportedStacks } from "../../src/stack/combinations.js";
import type { StackOptions } from "../../src/options.js";

const defaultStack: StackOptions = {
  projectName: "my-masumi-agent",
  runtime: "node",
  framework: "hono",
  persistence: "sqlite",
  payment: "simulated",
  packageManager: "npm",
};

describe("renderTree", () => {
  it("layers templates by dimension, later layers last", () => {
    expect(templateLayers(defaultStack)).toEqual([
      "base",
      "runtime/node",
      "framework/hono",
      "persistence/sqlite",
      "driver/sqlite-node",
      "payment/simulated",
    ]);
  });

  it("restores dotfile names and drops the .hbs suffix", () => {
    expect(outputPath("_gitignore")).toBe(".gitignore");
    expect(outputPath("_env.example.hbs")).toBe(".env.example");
    expect(outputPath("src/agent.ts")).toBe("src/agent.ts");
    expect(outputPath("README.md.hbs")).toBe("README.md");
  });

  it("renders the default stack into the expected tree (snapshot)", async () => {
    const tree = await renderTree(defaultStack);
    expect(formatTree(tree)).toMatchSnapshot("file list");
    expect(Object.fromEntries(tree)).toMatchSnapshot("file contents");
  });

  // Every runtime x framework pair on the default store and payment: its files and its manifest,
  // the parts that differ between pairs (the default stack above pins every file's contents).
  const pairs = supportedStacks().filter(
    (stack) => stack.persistence === defaultStack.persistence && stack.payment === defaultStack.payment,
  );
  it.each(pairs.map((stack) => [`${stack.runtime} + ${stack.framework}`, stack] as const))(
    "renders %s into the expected tree (snapshot)",
    async (_pair, stack) => {
      const tree = await renderTree(stack);
      expect(formatTree(tree)).toMatchSnapshot("file list");
      expect(tree.get("package.json") ?? tree.get("deno.json")).toMatchSnapshot("manifest");
    },
  );

  it("has a snapshot for all nine runtime x framework pairs", () => {
    expect(pairs).toHaveLength(9);
  });

  it("renders every supported stack with the files an agent needs", async () => {
    for (const stack of supportedStacks()) {
      const tree = await renderTree(stack);
      // Deno reads deno.json and checks types itself; Node and Bun need package.json and tsconfig.
      const manifests = stack.runtime === "deno" ? ["deno.json"] : ["package.json", "tsconfig.json"];
      for (const path of [...manifests, "README.md", ".gitignore", ".env.example", "src/agent.ts", "src/listen.ts"]) {
        expect(tree.has(path), `${path} in ${JSON.stringify(stack)}`).toBe(true);
      }
      if (stack.runtime === "deno") expect(tree.has("package.json")).toBe(false);
      else expect(JSON.parse(tree.get("package.json") ?? "")).toMatchObject({ name: stack.projectName });
    }
  });

  it("documents in .env.example every variable the agent reads (a Deno agent may read only those)", async () => {
    for (const stack of supportedStacks()) {
      const tree = await renderTree(stack);
      const documented = documentedEnvNames(tree.get(".env.example") ?? "");
      const read = [...tree]
        .filter(([path]) => path.startsWith("src/"))
        .flatMap(([, source]) => [...source.matchAll(/\.(?:string|integer|matching|url)\(\s*"([A-Z][A-Z0-9_]*)"/g)])
        .map((match) => match[1] ?? "");
      expect(read.length).toBeGreaterThan(0);
      expect(read.filter((name) => !documented.includes(name)), JSON.stringify(stack)).toEqual([]);
    }
  });

  it("lets the Deno agent read exactly the documented variables, and write only data/", async () => {
    const stack = { ...defaultStack, runtime: "deno", packageManager: "npm" } as const;
    const denoJson = JSON.parse((await renderTree(stack)).get("deno.json") ?? "");
    expect(denoJson.tasks.start).toMatch(/--allow-env=PORT,HOST,DATA_DIR,[A-Z_,]+ /);
    expect(denoJson.tasks.start).toContain("--allow-write=data ");
    expect(denoJson.tasks.start).not.toMatch(/ -A |--allow-all/);
    expect(Object.values(denoJson.imports).every((spec) => String(spec).startsWith("npm:"))).toBe(true);
  });

  it("lets a Deno agent read what its drivers read: pg's PG* and USER, everything for ioredis", async () => {
    const startTask = async (persistence: "postgres" | "redis") => {
      const stack = { ...defaultStack, runtime: "deno", persistence, packageManager: "npm" } as const;
      return JSON.parse((await renderTree(stack)).get("deno.json") ?? "").tasks.start as string;
    };
    expect(await startTask("postgres")).toMatch(/--allow-env=PORT,HOST,DATA_DIR,DATABASE_URL,[A-Z_,]+,PG\*,USER /);
    expect(await startTask("redis")).toContain(" --allow-env ");
  });
});
