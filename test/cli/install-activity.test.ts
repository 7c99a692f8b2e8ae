import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { InstallActivity } from "../../src/steps/install-activity.js";
import { formatElapsed } from "../../src/steps/progress.js";

/** What the spinner says while an install prints `output`, chunk by chunk. */
function activities(output: string, chunkSize: number): string[] {
  const activity = new InstallActivity();
  const seen: string[] = [];
  for (let at = 0; at < output.length; at += chunkSize) {
    seen.push(...activity.feed(output.slice(at, at + chunkSize)));
  }
  return seen;
}

describe("what a running install is doing", () => {
  it("says when npm compiles better-sqlite3 from source (a recorded npm 11 install, no prebuilt binary)", async () => {
    const output = await readFile(new URL("fixtures/npm-install-better-sqlite3.log", import.meta.url), "utf8");
    const expected = [
      "running the install script of better-sqlite3",
      "compiling better-sqlite3 from source with node-gyp (native module, this is the slow part)",
    ];
    // Lines split across chunks are read whole.
    for (const chunkSize of [7, 64, output.length]) expect(activities(output, chunkSize)).toEqual(expected);
  });

  it("reads pnpm's script lines and a prebuilt download, and nothing into ordinary output", () => {
    const pnpm = [
      "Progress: resolved 120, reused 0, downloaded 120, added 120, done",
      ".../node_modules/better-sqlite3 install$ prebuild-install || node-gyp rebuild --release",
      ".../node_modules/better-sqlite3 install: prebuild-install http request GET https://github.com/x.tar.gz",
      "",
    ].join("\n");
    expect(activities(pnpm, pnpm.length)).toEqual([
      "running the install script of better-sqlite3",
      "downloading a prebuilt binary of better-sqlite3",
    ]);
    expect(activities("added 38 packages in 2m\nfound 0 vulnerabilities\n", 10)).toEqual([]);
  });

  it("shows elapsed time in seconds, then minutes", () => {
    expect(formatElapsed(9_400)).toBe("9s");
    expect(formatElapsed(125_000)).toBe("2m 05s");
  });
});
