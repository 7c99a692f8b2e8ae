import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { PRECOMPILED_TEMPLATES_URL } from "../../src/render/precompiled-templates.js";
import { CLI_BIN, publishedCli, tempDir } from "../helpers/cli.js";

const RECORDER = fileURLToPath(new URL("fixtures/record-modules.mjs", import.meta.url));
const STDIN_RECORDER = fileURLToPath(new URL("fixtures/record-stdin.mjs", import.meta.url));
const DIST = fileURLToPath(new URL("../../dist/", import.meta.url));

/**
 * Text found only in code a `--yes` run must not load, whether that code is bundled or not: the
 * Handlebars compiler's parser (the build precompiled the templates) and the terminal questions
 * (src/cli/questions.ts; nothing is asked).
 */
const COMPILER_TEXT = "Parse error on line";
const QUESTIONS_TEXT = "coming soon";

/** Every module a run of the CLI loaded: files as absolute paths, Node's own as `node:name`. */
async function modulesLoadedBy(args: string[]): Promise<string[]> {
  const cwd = await tempDir();
  const log = join(cwd, "loaded.log");
  const run = await execa(process.execPath, ["--import", RECORDER, CLI_BIN, ...args], {
    cwd,
    env: { RECORD_MODULES_TO: log },
    reject: false,
    stdin: "ignore",
  });
  expect(run.exitCode, run.stdout + run.stderr).toBe(0);
  const lines = (await readFile(log, "utf8")).trim().split("\n");
  return [...new Set(lines.map((line) => (line.startsWith("file:") ? fileURLToPath(line) : line)))];
}

async function filesContaining(files: string[], text: string): Promise<string[]> {
  const holding = await Promise.all(
    files.map(async (file) => ((await readFile(file, "utf8")).includes(text) ? [file] : [])),
  );
  return holding.flat();
}

const YES_RUN = ["agent", "--yes", "--no-install", "--no-git", "--no-check"];

describe("a --yes run", () => {
  it("loads neither the Handlebars compiler nor the terminal questions", async () => {
    const loaded = (await modulesLoadedBy(YES_RUN)).filter((module) => !module.startsWith("node:"));
    // The recording saw the run: the CLI and the templates it rendered from.
    expect(loaded).toEqual(
      expect.arrayContaining([CLI_BIN, fileURLToPath(PRECOMPILED_TEMPLATES_URL)]),
    );

    // The marker texts are where the code is, so their absence below means something.
    const compiler = createRequire(import.meta.url).resolve(
      "handlebars/dist/cjs/handlebars/compiler/parser.js",
    );
    expect(await filesContaining([compiler], COMPILER_TEXT)).toEqual([compiler]);
    const built = (await readdir(DIST, { recursive: true })).filter((name) => name.endsWith(".js"));
    expect(
      await filesContaining(
        built.map((name) => join(DIST, name)),
        QUESTIONS_TEXT,
      ),
    ).toHaveLength(1);

    expect(await filesContaining(loaded, COMPILER_TEXT)).toEqual([]);
    expect(await filesContaining(loaded, QUESTIONS_TEXT)).toEqual([]);
  });

  // The bundle gives clack a stand-in that loads it at the first question
  // (src/build/deferred-builtins.ts). commander's node:child_process is deferred too, but a run
  // from this checkout loads it anyway, to pack the checkout's library.
  it("does not load node:readline", async () => {
    const loaded = await modulesLoadedBy(YES_RUN);
    expect(loaded).toContain("node:fs");
    expect(loaded).not.toContain("node:readline");
  });

  // clack imports node:process, whose ES module facade reads every property of the process at
  // load: the bundle gives it the process object instead (src/build/deferred/process.cts). Run
  // as published: from this checkout, packing the library loads execa, which reads stdin.
  it("does not open standard input", async () => {
    const cwd = await tempDir();
    const reads = join(cwd, "stdin-reads.log");
    const run = (args: string[]) =>
      execa(process.execPath, ["--import", STDIN_RECORDER, ...args], {
        cwd,
        env: { RECORD_STDIN_TO: reads },
        stdin: "ignore",
      });
    const cli = await publishedCli();
    try {
      await run([cli.bin, ...YES_RUN]);
    } finally {
      await cli.remove();
    }
    expect(existsSync(join(cwd, "agent", "package.json"))).toBe(true);
    expect(existsSync(reads) ? await readFile(reads, "utf8") : "").toBe("");
    // The recording sees a read where there is one.
    await run(["--input-type=module", "-e", 'import { stdin } from "node:process";']);
    expect(await readFile(reads, "utf8")).toMatch(/process\.stdin read/);
  });
});
