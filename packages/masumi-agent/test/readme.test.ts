import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { describe, expect, it } from "vitest";

/**
 * Every TypeScript example of the package's README compiles against the built library (dist/:
 * build first) and the framework packages it names, strictly: a README that drifts from the API
 * fails here. A block whose first line is a comment naming a file (`// src/main.ts`) is written
 * there, so the blocks may import each other; the others go to src/ under a number.
 */
const README = fileURLToPath(new URL("../README.md", import.meta.url));
/** The workspace root's node_modules: masumi-agent (this package), hono, express, fastify, vitest. */
const NODE_MODULES = fileURLToPath(new URL("../../../node_modules", import.meta.url));
const TSC = fileURLToPath(import.meta.resolve("typescript/bin/tsc"));

const TSCONFIG = {
  compilerOptions: {
    target: "ES2022",
    module: "NodeNext",
    moduleResolution: "NodeNext",
    lib: ["ES2023"],
    types: ["node"],
    strict: true,
    noUncheckedIndexedAccess: true,
    noUnusedLocals: true,
    skipLibCheck: true,
    noEmit: true,
    allowImportingTsExtensions: true,
    verbatimModuleSyntax: true,
  },
  include: ["src", "test"],
};

interface Example {
  file: string;
  code: string;
}

function examplesOf(markdown: string): Example[] {
  const blocks = [...markdown.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((match) => match[1]!);
  return blocks.map((code, index) => ({
    file: /^\/\/ ((?:src|test)\/[\w./-]+\.ts)\n/.exec(code)?.[1] ?? `src/readme-example-${index + 1}.ts`,
    code,
  }));
}

/** Writes the examples as a project (ESM, the workspace's node_modules) and runs tsc over it. */
async function typecheck(examples: Example[]): Promise<{ exitCode: number | undefined; output: string }> {
  const dir = await mkdtemp(join(tmpdir(), "masumi-readme-"));
  try {
    await writeFile(join(dir, "package.json"), JSON.stringify({ name: "readme-examples", private: true, type: "module" }));
    await writeFile(join(dir, "tsconfig.json"), JSON.stringify(TSCONFIG, null, 2));
    await symlink(NODE_MODULES, join(dir, "node_modules"));
    for (const { file, code } of examples) {
      await mkdir(dirname(join(dir, file)), { recursive: true });
      await writeFile(join(dir, file), code);
    }
    const run = await execa(process.execPath, [TSC, "-p", dir], { cwd: dir, reject: false });
    return { exitCode: run.exitCode, output: run.stdout + run.stderr };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe("the README's examples", () => {
  it("include the quick start's three files and compile", async () => {
    const examples = examplesOf(await readFile(README, "utf8"));
    const files = examples.map((example) => example.file);
    expect(new Set(files).size).toBe(files.length);
    expect(files).toEqual(expect.arrayContaining(["src/agent.ts", "src/server.ts", "src/main.ts", "test/agent.test.ts"]));
    const { exitCode, output } = await typecheck(examples);
    expect(output).toBe("");
    expect(exitCode).toBe(0);
  }, 120_000);

  it("would fail on an example that does not match the API", async () => {
    const examples = examplesOf(await readFile(README, "utf8"));
    const main = examples.find((example) => example.file === "src/main.ts")!;
    const broken = { ...main, code: main.code.replace('store: "sqlite"', 'store: "sqlite3"') };
    expect(broken.code).not.toBe(main.code);
    const { exitCode, output } = await typecheck([...examples.filter((example) => example !== main), broken]);
    expect(exitCode).not.toBe(0);
    expect(output).toMatch(/src\/main\.ts.*"sqlite3"/);
  }, 120_000);
});
