import { validate } from "dockerfile-utils";
import { describe, expect, it } from "vitest";
import { PACKAGE_MANAGERS, RUNTIMES, STACK_DEFAULTS, type StackOptions } from "../../src/options.js";
import { renderTree } from "../../src/render/render-tree.js";
import { supportedStacks } from "../../src/stack/combinations.js";
import { parseDockerfile } from "../helpers/dockerfile.js";

/**
 * The generated Dockerfile, linted with dockerfile-utils (the linter of the Docker language
 * server, from npm; hadolint is on neither npm nor Debian, its npm wrapper downloads it from
 * GitHub), and read for what a container platform relies on.
 */
const DEFAULT: StackOptions = { ...STACK_DEFAULTS, projectName: "my-agent", packageManager: "npm" };

async function dockerfile(stack: StackOptions): Promise<string> {
  const file = (await renderTree(stack)).get("Dockerfile");
  if (file === undefined) throw new Error("No Dockerfile was rendered");
  return file;
}

function lint(text: string): string[] {
  return validate(text).map((problem) => `line ${problem.range.start.line + 1}: ${problem.message}`);
}

const nodeWithEachManager = PACKAGE_MANAGERS.map((packageManager) => ({ ...DEFAULT, packageManager }));

describe("the generated Dockerfile", () => {
  it.each([...supportedStacks("my-agent"), ...nodeWithEachManager].map((stack) => [
    `${stack.runtime} + ${stack.framework} + ${stack.persistence} + ${stack.payment} (${stack.packageManager})`,
    stack,
  ]))("passes the linter: %s", async (_label, stack) => {
    expect(lint(await dockerfile(stack))).toEqual([]);
  });

  it("fails the linter when an instruction is wrong (the lint can fail)", async () => {
    const broken = (await dockerfile(DEFAULT)).replace("EXPOSE 3000", "EXPOSE http").replace("--interval=30s", "--interval=often");
    expect(lint(broken)).toEqual([
      expect.stringMatching(/Invalid containerPort: http/),
      expect.stringMatching(/invalid duration often/),
    ]);
  });

  it.each(RUNTIMES)("on %s: builds in one stage, runs in a second on the runtime's official image, as a non-root user", async (runtime) => {
    const stages = parseDockerfile(await dockerfile({ ...DEFAULT, runtime, packageManager: runtime === "bun" ? "bun" : "npm" }));
    expect(stages.map((stage) => stage.name)).toEqual(["build", undefined]);
    const image = { node: /^node:24-/, bun: /^oven\/bun:/, deno: /^denoland\/deno:/ }[runtime];
    for (const stage of stages) expect(stage.image).toMatch(image);
    const final = stages[1]!.instructions;
    const args = (keyword: string) => final.filter((instruction) => instruction.keyword === keyword).map(({ args }) => args);
    expect(args("USER")).toEqual([{ node: "node", bun: "bun", deno: "deno" }[runtime]]);
    expect(args("ENV").join(" ")).toMatch(/\bHOST=0\.0\.0\.0\b/);
    expect(args("VOLUME")).toEqual(["/app/data"]);
    expect(args("HEALTHCHECK")[0]).toMatch(/CMD \[.*\/availability/);
    // The final stage copies from the build stage only, never the whole context.
    expect(args("COPY").every((copy) => copy.startsWith("--from=build "))).toBe(true);
    // Exec form: the runtime is the container's main process, no package manager or shell between.
    expect(JSON.parse(args("CMD")[0]!)[0]).toBe(runtime);
  });

  it("keeps node_modules, build output, data and .env out of the build context", async () => {
    const ignored = (await renderTree(DEFAULT)).get(".dockerignore")?.split("\n") ?? [];
    expect(ignored).toEqual(expect.arrayContaining(["node_modules/", "dist/", "data/", ".env"]));
  });
});
