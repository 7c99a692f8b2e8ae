import { describe, expect, it } from "vitest";
import * as prettier from "prettier";
import { renderTree } from "../../src/render/render-tree.js";
import { supportedStacks } from "../../src/stack/combinations.js";

/** Problems a careless template leaves in its output, each with a test for one line or file. */
function debrisIn(contents: string): string[] {
  const problems: string[] = [];
  if (contents.includes("{{")) problems.push("unrendered Handlebars braces");
  if (/\n\n\n/.test(contents)) problems.push("two or more blank lines in a row");
  if (/[ \t]+\n/.test(contents)) problems.push("trailing whitespace");
  if (/^\s*\n/.test(contents)) problems.push("leading blank line");
  if (!contents.endsWith("\n") || contents.endsWith("\n\n")) problems.push("does not end with exactly one newline");
  if (/\{\s*\n\s*\n/.test(contents) || /\n\s*\n\s*\}/.test(contents)) problems.push("blank line at the edge of a block");
  return problems;
}

const PRETTIER_OPTIONS = { printWidth: 100 } as const;

describe("rendered output reads as hand-written", () => {
  for (const stack of supportedStacks()) {
    const label = `${stack.runtime} + ${stack.framework} + ${stack.persistence} + ${stack.payment}`;
    it(`${label}: no template debris, formatted`, async () => {
      const tree = await renderTree(stack);
      const problems: string[] = [];
      for (const [path, contents] of tree) {
        for (const problem of debrisIn(contents)) problems.push(`${path}: ${problem}`);
        const info = await prettier.getFileInfo(path);
        if (info.inferredParser === null) continue;
        const formatted = await prettier.check(contents, { ...PRETTIER_OPTIONS, filepath: path });
        if (!formatted) problems.push(`${path}: not formatted (prettier --print-width 100)`);
      }
      expect(problems).toEqual([]);
    });
  }

  it("catches debris and unformatted code (the checks can fail)", async () => {
    expect(debrisIn("const a = 1;\n\n\nconst b = 2;\n")).toContain("two or more blank lines in a row");
    expect(debrisIn("const a = 1; \n")).toContain("trailing whitespace");
    expect(debrisIn("{{#if x}}\n")).toContain("unrendered Handlebars braces");
    expect(debrisIn("function f() {\n\n  return 1;\n}\n")).toContain("blank line at the edge of a block");
    expect(await prettier.check("const a = {b:1}\n", { ...PRETTIER_OPTIONS, filepath: "a.ts" })).toBe(false);
  });
});
