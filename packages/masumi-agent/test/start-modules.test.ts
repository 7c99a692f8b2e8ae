import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { expect, it } from "vitest";

// What a start loads is most of its time: the default stack's start must not load the parts of
// the package that serve other commands (the checker, the simulators, the operator commands) nor
// model code, which the offline agent does not use.

const FIXTURES = fileURLToPath(new URL("fixtures/", import.meta.url));
const DIST = pathToFileURL(fileURLToPath(new URL("../dist/", import.meta.url))).href;
const TSX = import.meta.resolve("tsx");

/** The package's modules (paths under dist/) that the default stack loads until it listens. */
async function modulesLoadedUntilListening(): Promise<string[]> {
  const cwd = await mkdtemp(join(tmpdir(), "start-modules-"));
  const child = spawn(
    process.execPath,
    [
      "--import",
      TSX,
      "--import",
      pathToFileURL(join(FIXTURES, "record-loads.ts")).href,
      join(FIXTURES, "default-main.ts"),
    ],
    { cwd, env: { ...process.env, PORT: "0", HOST: "127.0.0.1", LOG_FORMAT: "json" } },
  );
  let stdout = "";
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk));
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => {
        stdout += chunk;
        if (stdout.includes("Agent listening on")) resolve();
      });
      child.on("exit", (code) => reject(new Error(`exited ${code}:\n${stdout}\n${stderr}`)));
    });
  } finally {
    child.kill("SIGKILL");
    await rm(cwd, { recursive: true, force: true });
  }
  return [...stderr.matchAll(/^loaded (\S+)$/gm)]
    .map(([, url]) => url!)
    .filter((url) => url.startsWith(DIST))
    .map((url) => url.slice(DIST.length));
}

it("the default stack's start loads none of the checker, simulators, operator commands or model code", async () => {
  const loaded = await modulesLoadedUntilListening();
  // The recording works: the start path itself is there.
  expect(loaded).toEqual(
    expect.arrayContaining(["index.js", "start.js", "store/sqlite/sqlite.js"]),
  );
  const needless = loaded.filter((path) =>
    /^(check|payment-sim|model-sim|operator|process)\/|^model\/(?!config\.js$)|^(bin|commands|testing|simulator-server)\.js$/.test(
      path,
    ),
  );
  expect(needless).toEqual([]);
}, 30_000);
