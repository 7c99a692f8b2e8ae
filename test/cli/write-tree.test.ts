import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { FileTree } from "../../src/render/file-tree.js";
import { writeTree } from "../../src/steps/write-tree.js";
import { tempDir } from "../helpers/cli.js";

/** A tree whose last file cannot be written: its directory is a file of the same tree. */
const FAILING_TREE: FileTree = new Map([
  ["README.md", "# x\n"],
  ["src/main.ts", "export {};\n"],
  ["src/main.ts/impossible.ts", "export {};\n"],
]);

describe("writeTree", () => {
  it("writes a new directory whole", async () => {
    const parent = await tempDir();
    const target = join(parent, "agent");
    writeTree(target, new Map([...FAILING_TREE].slice(0, 2)));
    expect(await readFile(join(target, "src/main.ts"), "utf8")).toBe("export {};\n");
    expect(await readdir(parent)).toEqual(["agent"]);
  });

  it("leaves nothing behind when a new directory cannot be written whole", async () => {
    const parent = await tempDir();
    expect(() => writeTree(join(parent, "agent"), FAILING_TREE)).toThrow();
    // Neither the target nor the staging directory beside it.
    expect(await readdir(parent)).toEqual([]);
  });

  it("removes only the files it created from an existing directory", async () => {
    const target = await tempDir();
    await mkdir(join(target, "src"));
    await writeFile(join(target, "README.md"), "mine\n");
    expect(() => writeTree(target, FAILING_TREE)).toThrow();
    // The user's file was replaced, as --force says, but is not deleted.
    expect(await readFile(join(target, "README.md"), "utf8")).toBe("# x\n");
    expect(await readdir(join(target, "src"))).toEqual([]);
  });
});
