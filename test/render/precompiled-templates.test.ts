import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  precompiledTemplatesModule,
  precompileTemplate,
} from "../../src/build/precompile-templates.js";
import {
  layerFiles,
  PRECOMPILED_TEMPLATES_URL,
  templateSpec,
} from "../../src/render/precompiled-templates.js";

/** Renders from the templates that `npm run build` precompiled into dist/ (npm test builds first). */
describe("precompiled templates", () => {
  it("are what templates/ compiles to now: a template edited since the build fails here", async () => {
    const built = await readFile(fileURLToPath(PRECOMPILED_TEMPLATES_URL), "utf8");
    expect(
      built === (await precompiledTemplatesModule()),
      "dist/templates.js is stale: run npm run build",
    ).toBe(true);
  });

  it("know their helpers at build time: a name that is no helper fails the build", () => {
    // A known helper is called straight away, with no fallback for a missing one.
    const spec = precompileTemplate("{{#if (eq runtime 'bun')}}{{json name}}{{/if}}");
    expect(spec).toContain('lookupProperty(helpers,"json").call(');
    expect(spec).not.toContain("container.strict(");
    expect(() => precompileTemplate("{{shout name}}")).toThrow(/unknown helper shout/);
  });

  it("hold a plain file as its text and a .hbs file as a template spec", async () => {
    const source = await readFile(
      new URL("../../templates/base/_gitignore", import.meta.url),
      "utf8",
    );
    const { default: files } = (await import(PRECOMPILED_TEMPLATES_URL.href)) as {
      default: Record<string, unknown>;
    };
    expect(files["base/_gitignore"]).toBe(source);
    expect(files["base/README.md.hbs"]).toMatchObject({ main: expect.any(Function) });
  });

  it("give a layer's files by their path inside the layer, no other layer's", () => {
    const files = { "agent/model/src/a.ts": "a", "agent/model-x/b.ts": "b", "base/c.ts": "c" };
    expect(layerFiles(files, "agent/model")).toEqual([["src/a.ts", "a"]]);
  });

  it("refuse a template the build did not precompile", () => {
    expect(() => templateSpec({ "base/_gitignore": "x" }, "base/_gitignore")).toThrow(
      /npm run build/,
    );
    expect(() => templateSpec({}, "container/Dockerfile.hbs")).toThrow(
      /no template container\/Dockerfile.hbs/,
    );
  });
});
