import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { CATALOGUE } from "masumi-agent/check";

/**
 * The `masumi-agent` bin as its package.json declares it (the built dist/: run `npm run build`
 * first), run as a user runs it: a separate process, its exit code and output.
 */
const PACKAGE_DIR = fileURLToPath(new URL("..", import.meta.url));
const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  version: string;
  bin: Record<string, string>;
};
const BIN = fileURLToPath(new URL(`../${manifest.bin["masumi-agent"]}`, import.meta.url));

const masumiAgent = (...args: string[]) =>
  execa(process.execPath, [BIN, ...args], { cwd: PACKAGE_DIR, reject: false, stdin: "ignore", timeout: 30_000 });

describe("the masumi-agent bin", () => {
  it("`check --list` prints every check of the catalogue, one line each, and runs nothing", async () => {
    const run = await masumiAgent("check", "--list");
    expect(run.exitCode, run.stderr).toBe(0);
    const listed = run.stdout
      .split("\n")
      .map((line) => /^([A-Z]{2}-[\w-]+)\s/.exec(line)?.[1])
      .filter((id): id is string => id !== undefined);
    expect(listed).toEqual(CATALOGUE.map((check) => check.id));
  });

  it("`check --list --only AV-` lists that group alone", async () => {
    const run = await masumiAgent("check", "--list", "--only", "AV-");
    expect(run.exitCode, run.stderr).toBe(0);
    const ids = [...run.stdout.matchAll(/^([A-Z]{2}-[\w-]+)\s/gm)].map((match) => match[1]);
    expect(ids).toEqual(CATALOGUE.filter((check) => check.id.startsWith("AV-")).map((check) => check.id));
  });

  it("`payment-sim --help` describes the simulator's flags and exits 0", async () => {
    const run = await masumiAgent("payment-sim", "--help");
    expect(run.exitCode, run.stderr).toBe(0);
    for (const flag of ["--port <n>", "--host <host>", "--auto-lock <ms>", "--token <t>", "--source-type <type>", "--write-env <file>"])
      expect(run.stdout).toContain(flag);
  });

  it("`model-sim --help` describes the model simulator's flags and exits 0", async () => {
    const run = await masumiAgent("model-sim", "--help");
    expect(run.exitCode, run.stderr).toBe(0);
    for (const flag of ["--port <n>", "--host <host>", "--api-key <key>"]) expect(run.stdout).toContain(flag);
  });

  it("`--version` prints the package's version", async () => {
    const run = await masumiAgent("--version");
    expect(run.exitCode).toBe(0);
    expect(run.stdout.trim()).toBe(manifest.version);
  });

  it.each([
    { args: ["launch"], message: /unknown command 'launch'/ },
    { args: ["check", "--nope"], message: /unknown option '--nope'/ },
    { args: ["check"], message: /missing the URL of the server to check/ },
    { args: ["check", "localhost:4000"], message: /has no scheme: did you mean http:\/\/localhost:4000/ },
    { args: ["check", "--profile", "v2", "http://127.0.0.1:1"], message: /argument 'v2' is invalid/ },
    { args: ["payment-sim", "--port", "70000"], message: /expected a whole number from 0 to 65535/ },
    { args: ["model-sim", "--port", "70000"], message: /expected a whole number from 0 to 65535/ },
  ])("a usage error ($args) exits 2 with one line saying what is wrong", async ({ args, message }) => {
    const run = await masumiAgent(...args);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});
