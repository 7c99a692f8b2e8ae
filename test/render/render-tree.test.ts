import { describe, expect, it } from "vitest";
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

  it("renders every supported stack with the files an agent needs", async () => {
    for (const stack of supportedStacks()) {
      const tree = await renderTree(stack);
      for (const path of ["package.json", "tsconfig.json", "README.md", ".gitignore", ".env.example", "src/agent.ts"]) {
        expect(tree.has(path), `${path} in ${JSON.stringify(stack)}`).toBe(true);
      }
      expect(JSON.parse(tree.get("package.json") ?? "")).toMatchObject({ name: stack.projectName });
    }
  });
});
