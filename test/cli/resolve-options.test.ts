import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/cli/errors.js";
import type { CreateFlags } from "../../src/cli/flags.js";
import { detectPackageManager } from "../../src/cli/package-manager.js";
import type { Questions } from "../../src/cli/questions.js";
import { invalidNameReason, suggestName } from "../../src/cli/project-name.js";
import { resolveOptions } from "../../src/cli/resolve-options.js";
import { tempDir } from "../helpers/cli.js";

const cwd = "/work/somewhere";
/** Every package manager, bun and deno are on the PATH unless a test says otherwise. */
const quiet = { interactive: false, cwd, userAgent: undefined, isInstalled: () => true };

/** Answers questions from a script and records which were asked; fails on an unexpected one. */
function scriptedQuestions(answers: Record<string, string | boolean>) {
  const asked: string[] = [];
  /** The choices a select offered that were not disabled, by question. */
  const offered: Record<string, string[]> = {};
  const answer = <T>(message: string, initial: T): T => {
    asked.push(message);
    const key = Object.keys(answers).find((question) => message.endsWith(question));
    return (key === undefined ? initial : answers[key]) as T;
  };
  const questions: Questions = {
    text: async (message, initial) => answer(message, initial),
    select: async (message, choices, initial, look) => {
      offered[message] = choices.filter((choice) => !look?.(choice).disabled);
      return answer(message, initial);
    },
    confirm: async (message, initial) => answer(message, initial),
  };
  return { asked, offered, questions };
}

const neverAsked: Questions = {
  text: () => Promise.reject(new Error("asked a question")),
  select: () => Promise.reject(new Error("asked a question")),
  confirm: () => Promise.reject(new Error("asked a question")),
};

describe("resolveOptions", () => {
  it("takes every default without asking when not interactive", async () => {
    const options = await resolveOptions("my-agent", {}, neverAsked, quiet);
    expect(options).toEqual({
      projectName: "my-agent",
      runtime: "node",
      framework: "hono",
      persistence: "sqlite",
      payment: "simulated",
      packageManager: "npm",
      agent: "offline",
      targetDir: resolve(cwd, "my-agent"),
      install: true,
      git: true,
      check: true,
      force: false,
      dryRun: false,
      verbose: false,
    });
  });

  it("derives the name from the directory and the directory from the name", async () => {
    expect((await resolveOptions("nested/dir/agent-x", {}, neverAsked, quiet)).projectName).toBe("agent-x");
    const named = await resolveOptions(undefined, { name: "named-agent" }, neverAsked, quiet);
    expect(named.targetDir).toBe(resolve(cwd, "named-agent"));
    expect((await resolveOptions(undefined, {}, neverAsked, quiet)).projectName).toBe("my-masumi-agent");
  });

  it("uses the package manager that launched the CLI", async () => {
    const env = { ...quiet, userAgent: "pnpm/9.1.0 npm/? node/v20.12.0 linux x64" };
    expect((await resolveOptions("a", {}, neverAsked, env)).packageManager).toBe("pnpm");
    expect(detectPackageManager("yarn/1.22.0 npm/? node/v20")).toBe("yarn");
    expect(detectPackageManager("something-else/1.0")).toBe("npm");
    expect(detectPackageManager(undefined)).toBe("npm");
  });

  it("asks only the questions no flag answered", async () => {
    const { asked, questions } = scriptedQuestions({ "Project name": "asked-name", "Install dependencies?": false });
    const flags: CreateFlags = { runtime: "node", persistence: "memory", git: false };
    const options = await resolveOptions(undefined, flags, questions, { ...quiet, interactive: true });
    expect(asked).toEqual([
      "Project name",
      "Web framework",
      "Payments",
      "What is the agent built on?",
      "Package manager",
      "Install dependencies?",
    ]);
    expect(options).toMatchObject({ projectName: "asked-name", persistence: "memory", install: false, check: false });
  });

  it("asks what the agent is built on, offering every kind, the offline example first", async () => {
    const { asked, offered, questions } = scriptedQuestions({ "What is the agent built on?": "langgraph" });
    const options = await resolveOptions("a", { runtime: "node" }, questions, { ...quiet, interactive: true });
    expect(offered["What is the agent built on?"]).toEqual(["offline", "ai-sdk", "langgraph", "openai-agents"]);
    expect(options.agent).toBe("langgraph");
    const flagged = await resolveOptions("a", { agent: "openai-agents" }, neverAsked, quiet);
    expect(flagged.agent).toBe("openai-agents");
    expect(asked).toContain("What is the agent built on?");
  });

  it("refuses an invalid project name with the reason", async () => {
    await expect(resolveOptions("Bad Name", {}, neverAsked, quiet)).rejects.toThrow(UsageError);
    await expect(resolveOptions(undefined, { name: "UPPER" }, neverAsked, quiet)).rejects.toThrow(/Invalid project name "UPPER"/);
  });

  it("refuses a stack that cannot be generated, with the reason", async () => {
    await expect(resolveOptions("a", { runtime: "bun", pm: "npm" }, neverAsked, quiet)).rejects.toThrow(
      new UsageError("--runtime bun installs with bun, not npm (use --pm bun or leave --pm out)"),
    );
    await expect(resolveOptions("a", { runtime: "deno", pm: "pnpm" }, neverAsked, quiet)).rejects.toThrow(
      /--runtime deno installs with deno from deno.json/,
    );
  });

  it("asks no package manager for Bun, which installs with bun", async () => {
    const { asked, questions } = scriptedQuestions({});
    const options = await resolveOptions("a", { runtime: "bun" }, questions, { ...quiet, interactive: true });
    expect(asked).not.toContain("Package manager");
    expect(options.packageManager).toBe("bun");
  });

  it("refuses a check without installed dependencies", async () => {
    await expect(resolveOptions("a", { install: false, check: true }, neverAsked, quiet)).rejects.toThrow(/--check needs/);
    expect((await resolveOptions("a", { install: false }, neverAsked, quiet)).check).toBe(false);
  });

  it("suggests a valid name for an invalid one", () => {
    expect(suggestName("My Agent")).toBe("my-agent");
    expect(suggestName("../escape")).toBe("escape");
    expect(suggestName("_Private__Thing!")).toBe("private__thing");
    expect(suggestName("!!!")).toBeUndefined();
    expect(invalidNameReason("UPPER")).toMatch(/; try "upper"$/);
    expect(invalidNameReason("fine-name")).toBeUndefined();
  });

  describe("a non-empty target directory", () => {
    let workdir: string;
    const interactive = () => ({ ...quiet, cwd: workdir, interactive: true });
    const occupy = async (name: string) => {
      await mkdir(join(workdir, name), { recursive: true });
      await writeFile(join(workdir, name, "notes.txt"), "mine");
    };

    it("is asked about right after the name, and writing into it means --force", async () => {
      workdir = await tempDir();
      await occupy("taken");
      const { asked, questions } = scriptedQuestions({ "Project name": "taken", "What now?": "overwrite" });
      const options = await resolveOptions(undefined, {}, questions, interactive());
      expect(asked.slice(0, 3)).toEqual(["Project name", `${join(workdir, "taken")} is not empty. What now?`, "Runtime"]);
      expect(options).toMatchObject({ targetDir: join(workdir, "taken"), force: true });
    });

    it("can be left for another name, which must be free too", async () => {
      workdir = await tempDir();
      await occupy("taken");
      await occupy("taken-2");
      const { questions } = scriptedQuestions({ "Project name": "taken", "What now?": "rename" });
      // The second name question proposes "taken-2", which is not free either: its validation says so.
      let validated: string | undefined;
      const renaming: Questions = {
        ...questions,
        text: async (message, initial, validate) => {
          if (initial === "taken-2") {
            validated = validate(initial);
            return "fresh";
          }
          return questions.text(message, initial, validate);
        },
      };
      const options = await resolveOptions(undefined, {}, renaming, interactive());
      expect(validated).toMatch(/taken-2 is not empty/);
      expect(options).toMatchObject({ projectName: "fresh", targetDir: join(workdir, "fresh"), force: false });
    });

    it("given as a directory, is left for another directory; the name stays", async () => {
      workdir = await tempDir();
      await occupy("given");
      const { asked, questions } = scriptedQuestions({ "Project name": "kept-name", "What now?": "rename", Directory: "elsewhere" });
      const options = await resolveOptions("given", {}, questions, interactive());
      expect(asked.slice(0, 3)).toEqual(["Project name", `${join(workdir, "given")} is not empty. What now?`, "Directory"]);
      expect(options).toMatchObject({ projectName: "kept-name", targetDir: join(workdir, "elsewhere"), force: false });
    });

    it("is refused with one line without a terminal, unless --force", async () => {
      workdir = await tempDir();
      await occupy("taken");
      await expect(resolveOptions("taken", {}, neverAsked, { ...quiet, cwd: workdir })).rejects.toThrow(/is not empty.*--force/);
      expect((await resolveOptions("taken", { force: true }, neverAsked, { ...quiet, cwd: workdir })).force).toBe(true);
    });
  });

  describe("package managers that are not installed", () => {
    const onlyNpm = (tool: string) => tool === "npm";

    it("are not offered", async () => {
      const { offered, questions } = scriptedQuestions({});
      await resolveOptions("a", {}, questions, { ...quiet, interactive: true, isInstalled: onlyNpm });
      expect(offered["Package manager"]).toEqual(["npm"]);
    });

    it("are refused as --pm before anything is written, unless nothing is installed", async () => {
      await expect(resolveOptions("a", { pm: "pnpm" }, neverAsked, { ...quiet, isInstalled: onlyNpm })).rejects.toThrow(
        new UsageError(
          "--pm pnpm installs with pnpm, which is not installed (not on the PATH): install it (npm install --global pnpm or its official installer), use --pm npm or pass --no-install",
        ),
      );
      const offline = await resolveOptions("a", { pm: "pnpm", install: false }, neverAsked, { ...quiet, isInstalled: onlyNpm });
      expect(offline.packageManager).toBe("pnpm");
      await expect(resolveOptions("a", { runtime: "bun" }, neverAsked, { ...quiet, isInstalled: onlyNpm })).rejects.toThrow(
        /--runtime bun installs with bun, which is not installed/,
      );
    });
  });
});
