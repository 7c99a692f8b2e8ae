import { join } from "node:path";
import { execa } from "execa";
import { expect, it } from "vitest";

/** The simulator runs inside Bun and Deno processes too (a generated project's tests may). */
const BIN = join(import.meta.dirname, "..", "..", "..", "..", "node_modules", ".bin");
const SCRIPT = join(import.meta.dirname, "fixtures", "sim-on-runtime.ts");

it.each([
  { runtime: "bun", args: [SCRIPT] },
  { runtime: "deno", args: ["run", "-A", SCRIPT] },
])("on $runtime: answers, streams, records an abort", async ({ runtime, args }) => {
  const run = await execa(join(BIN, runtime), args, { reject: false, all: true, timeout: 60_000 });
  expect(run.exitCode, run.all).toBe(0);
  expect(JSON.parse(run.stdout.trim().split("\n").at(-1)!)).toEqual({
    plain: "plain",
    streamEnd: "data: [DONE]",
    toolArguments: { id: 7 },
    aborted: "AbortError",
    recorded: [
      { status: 200, aborted: false },
      { status: 200, aborted: false },
      { status: null, aborted: true },
      { status: 200, aborted: false },
    ],
    anthropicEvents: [
      "message_start",
      "content_block_start",
      "ping",
      "content_block_delta",
      "content_block_stop",
      "message_delta",
      "message_stop",
    ],
  });
});
