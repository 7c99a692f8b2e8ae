import { readFile } from "node:fs/promises";
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
import { PUBLISHED_LIBRARY } from "../../src/render/library.js";
import type { StackOptions } from "../../src/options.js";

/**
 * The library's sources that read the environment of a stack's agent: the common settings, and
 * those of its store and payment mode.
 */
async function librarySettingsSources(stack: StackOptions): Promise<string[]> {
  const root = new URL("../../packages/masumi-agent/src/", import.meta.url);
  const paths = ["config.ts", `store/${stack.persistence}/index.ts`, `payment/${stack.payment}/index.ts`];
  return Promise.all(paths.map((path) => readFile(new URL(path, root), "utf8")));
}

const defaultStack: StackOptions = {
  projectName: "my-masumi-agent",
  runtime: "node",
  framework: "hono",
  persistence: "sqlite",
  payment: "simulated",
  packageManager: "npm",
  agent: "offline",
};

// Snapshots render for a Node without node:sqlite, whatever Node runs the tests
// (test/render/versions.test.ts covers the other case).
const snapshotNode = { builtinSqlite: false };

describe("renderTree", () => {
  it("layers templates by dimension, later layers last", () => {
    expect(templateLayers(defaultStack)).toEqual(["base", "runtime/node", "framework/hono"]);
  });

  it("restores dotfile names and drops the .hbs suffix", () => {
    expect(outputPath("_gitignore")).toBe(".gitignore");
    expect(outputPath("_env.example.hbs")).toBe(".env.example");
    expect(outputPath("src/agent.ts")).toBe("src/agent.ts");
    expect(outputPath("README.md.hbs")).toBe("README.md");
  });

  it("renders the default stack into the expected tree (snapshot)", async () => {
    const tree = await renderTree(defaultStack, { node: snapshotNode });
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
    const tree = await renderTree(stack, { node: snapshotNode });
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
        "src/main.ts",
        "src/server.ts",
        "test/agent.test.ts",
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
      const read = (await librarySettingsSources(stack))
        .flatMap((source) => [
          ...source.matchAll(
            /\.(?:string|integer|matching|url|oneOf|required)\(\s*"([A-Z][A-Z0-9_]*)"/g,
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
    expect(denoJson.imports["masumi-agent"]).toBe(`npm:masumi-agent@${PUBLISHED_LIBRARY.version}`);
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

  it("documents one default store URL: the README, .env.example, the library and the check step agree", async () => {
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
      const [, storeSource] = await librarySettingsSources({ ...defaultStack, persistence });
      const code = /url \?\? "([^"]+)"/.exec(storeSource ?? "")?.[1];
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

  it("tells a simulated agent's author how to take real payments: the payment word in src/main.ts", async () => {
    const tree = await renderTree({ ...defaultStack, persistence: "redis" });
    expect(tree.get("src/main.ts")).toContain('payment: "simulated"');
    expect(tree.get("README.md")).toContain('set `payment: "masumi"` in `src/main.ts`');
  });

  it("names the stack's store and payment mode in src/main.ts, the one place they are chosen", async () => {
    for (const stack of supportedStacks()) {
      const main = (await renderTree(stack)).get("src/main.ts") ?? "";
      expect(main, JSON.stringify(stack)).toContain(
        `store: "${stack.persistence}", payment: "${stack.payment}"`,
      );
      expect(main).toContain(`from "masumi-agent/${stack.framework}"`);
    }
  });

  it("keeps only the agent's own tests in the project, and depends on masumi-agent at the CLI's version", async () => {
    for (const stack of supportedStacks()) {
      const tree = await renderTree(stack);
      expect([...tree.keys()].filter((path) => path.startsWith("test/"))).toEqual(["test/agent.test.ts"]);
      const manifest = JSON.parse(tree.get("package.json") ?? tree.get("deno.json") ?? "");
      const library = manifest.dependencies?.["masumi-agent"] ?? manifest.imports["masumi-agent"];
      expect(library).toMatch(new RegExp(`(^|@)${PUBLISHED_LIBRARY.version.replace(/\./g, "\\.")}$`));
    }
  });

  it("points a project made from a checkout at the checkout's library: its tarball, or a Deno link", async () => {
    const library = {
      kind: "checkout",
      version: PUBLISHED_LIBRARY.version,
      tarball: "/repo/cache/masumi-agent-0.1.0-abc.tgz",
      packageDir: "/repo/packages/masumi-agent",
    } as const;
    const node = JSON.parse((await renderTree(defaultStack, { library })).get("package.json") ?? "");
    expect(node.dependencies["masumi-agent"]).toBe("file:/repo/cache/masumi-agent-0.1.0-abc.tgz");
    const deno = JSON.parse(
      (await renderTree({ ...defaultStack, runtime: "deno" }, { library })).get("deno.json") ?? "",
    );
    expect(deno.links).toEqual(["/repo/packages/masumi-agent"]);
    expect(deno.imports["masumi-agent"]).toBe(`npm:masumi-agent@${PUBLISHED_LIBRARY.version}`);
  });
});
