import { describe, expect, it } from "vitest";
import { documentedEnvNames } from "../../src/render/deno-json.js";
import {
  outputPath,
  renderTree,
  templateLayers,
} from "../../src/render/render-tree.js";
import { formatTree } from "../../src/render/file-tree.js";
import { supportedStacks } from "../../src/stack/combinations.js";
import { DEFAULT_STORE_URLS } from "../../src/steps/check-store.js";
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
    (stack) =>
      stack.persistence === defaultStack.persistence &&
      stack.payment === defaultStack.payment,
  );
  it.each(
    pairs.map(
      (stack) => [`${stack.runtime} + ${stack.framework}`, stack] as const,
    ),
  )("renders %s into the expected tree (snapshot)", async (_pair, stack) => {
    const tree = await renderTree(stack);
    expect(formatTree(tree)).toMatchSnapshot("file list");
    expect(tree.get("package.json") ?? tree.get("deno.json")).toMatchSnapshot(
      "manifest",
    );
  });

  it("has a snapshot for all nine runtime x framework pairs", () => {
    expect(pairs).toHaveLength(9);
  });

  it("renders every supported stack with the files an agent needs", async () => {
    for (const stack of supportedStacks()) {
      const tree = await renderTree(stack);
      // Deno reads deno.json and checks types itself; Node and Bun need package.json and tsconfig.
      const manifests =
        stack.runtime === "deno"
          ? ["deno.json"]
          : ["package.json", "tsconfig.json"];
      for (const path of [
        ...manifests,
        "README.md",
        ".gitignore",
        ".env.example",
        "src/agent.ts",
        "src/listen.ts",
      ]) {
        expect(tree.has(path), `${path} in ${JSON.stringify(stack)}`).toBe(
          true,
        );
      }
      if (stack.runtime === "deno")
        expect(tree.has("package.json")).toBe(false);
      else
        expect(JSON.parse(tree.get("package.json") ?? "")).toMatchObject({
          name: stack.projectName,
        });
    }
  });

  it("documents in .env.example every variable the agent reads (a Deno agent may read only those)", async () => {
    for (const stack of supportedStacks()) {
      const tree = await renderTree(stack);
      const documented = documentedEnvNames(tree.get(".env.example") ?? "");
      const read = [...tree]
        .filter(([path]) => path.startsWith("src/"))
        .flatMap(([, source]) => [
          ...source.matchAll(
            /\.(?:string|integer|matching|url)\(\s*"([A-Z][A-Z0-9_]*)"/g,
          ),
        ])
        .map((match) => match[1] ?? "");
      expect(read.length).toBeGreaterThan(0);
      expect(
        read.filter((name) => !documented.includes(name)),
        JSON.stringify(stack),
      ).toEqual([]);
    }
  });

  it("lets the Deno agent read exactly the documented variables, and write only data/", async () => {
    const stack = {
      ...defaultStack,
      runtime: "deno",
      packageManager: "npm",
    } as const;
    const denoJson = JSON.parse(
      (await renderTree(stack)).get("deno.json") ?? "",
    );
    expect(denoJson.tasks.start).toMatch(
      /--allow-env=PORT,HOST,DATA_DIR,[A-Z_,]+ /,
    );
    expect(denoJson.tasks.start).toContain("--allow-write=data ");
    expect(denoJson.tasks.start).not.toMatch(/ -A |--allow-all/);
    expect(
      Object.values(denoJson.imports).every((spec) =>
        String(spec).startsWith("npm:"),
      ),
    ).toBe(true);
  });

  it("lets a Deno agent read what its drivers read: pg's PG* and USER, everything for ioredis", async () => {
    const startTask = async (persistence: "postgres" | "redis") => {
      const stack = {
        ...defaultStack,
        runtime: "deno",
        persistence,
        packageManager: "npm",
      } as const;
      return JSON.parse((await renderTree(stack)).get("deno.json") ?? "").tasks
        .start as string;
    };
    expect(await startTask("postgres")).toMatch(
      /--allow-env=PORT,HOST,DATA_DIR,DATABASE_URL,[A-Z_,]+,PG\*,USER /,
    );
    expect(await startTask("redis")).toContain(" --allow-env ");
  });

  it("documents one default store URL: the README, .env.example, the code and the check step agree", async () => {
    const cases = [
      { persistence: "postgres", variable: "DATABASE_URL" },
      { persistence: "redis", variable: "REDIS_URL" },
    ] as const;
    for (const { persistence, variable } of cases) {
      const tree = await renderTree({ ...defaultStack, persistence });
      const readme = new RegExp(
        `\`${variable}\` \\(default \`([^\`]+)\`\\)`,
      ).exec(tree.get("README.md") ?? "")?.[1];
      const envExample = new RegExp(`^${variable}=(.+)$`, "m").exec(
        tree.get(".env.example") ?? "",
      )?.[1];
      const code = /url \?\? "([^"]+)"/.exec(
        tree.get("src/store/index.ts") ?? "",
      )?.[1];
      expect(readme, persistence).toBeDefined();
      expect([envExample, code, DEFAULT_STORE_URLS[persistence]], persistence).toEqual([
        readme,
        readme,
        readme,
      ]);
    }
    // A URL without a user leaves the user to pg, which takes USER, unset in many containers.
    const postgres = await renderTree({
      ...defaultStack,
      persistence: "postgres",
    });
    expect(postgres.get(".env.example")).toContain(
      "DATABASE_URL=postgres://postgres@localhost:5432/agent\n",
    );
  });

  it("configures no tool that the project does not install", async () => {
    const toolOfConfig = (path: string) =>
      /^\.(prettier|eslint)rc/.exec(path)?.[1];
    for (const stack of supportedStacks()) {
      const tree = await renderTree(stack);
      const manifest = JSON.parse(
        tree.get("package.json") ?? tree.get("deno.json") ?? "",
      );
      const installed = Object.keys({
        ...manifest.devDependencies,
        ...manifest.dependencies,
        ...manifest.imports,
      });
      const configured = [...tree.keys()]
        .map(toolOfConfig)
        .filter((tool) => tool !== undefined);
      expect(
        configured.filter((tool) => !installed.includes(tool)),
        JSON.stringify(stack),
      ).toEqual([]);
    }
  });

  it("explains in the README every variable that a Deno task sets", async () => {
    const tree = await renderTree({ ...defaultStack, runtime: "deno" });
    const tasks = Object.values(
      JSON.parse(tree.get("deno.json") ?? "").tasks,
    ) as string[];
    const variables = tasks.flatMap((task) =>
      [...task.matchAll(/(?:^|\s)([A-Z_][A-Z0-9_]*)=\S*\s/g)].map(
        (match) => match[1],
      ),
    );
    expect(variables.length).toBeGreaterThan(0);
    for (const variable of variables)
      expect(tree.get("README.md")).toMatch(
        new RegExp(`\`${variable}=[^\`]*\`: `),
      );
  });

  it("tells a simulated agent's author how to take real payments: --payment masumi", async () => {
    const readme =
      (await renderTree({ ...defaultStack, persistence: "redis" })).get(
        "README.md",
      ) ?? "";
    expect(readme).toContain(
      "npx create-masumi-agent <dir> --runtime node --framework hono --persistence redis --payment masumi",
    );
    expect(readme).not.toMatch(/needs a payment mode that/);
  });

  it("reports skipped store tests at the end of a run in the stacks whose tests may skip them", async () => {
    for (const stack of supportedStacks()) {
      const tree = await renderTree(stack);
      const mayskip =
        stack.persistence === "postgres" || stack.persistence === "redis";
      expect(
        tree
          .get("vitest.config.ts")
          ?.includes('"./test/skipped-store-tests.ts"') ?? false,
      ).toBe(mayskip);
      expect(tree.has("test/skipped-store-tests.ts")).toBe(mayskip);
    }
  });
});
