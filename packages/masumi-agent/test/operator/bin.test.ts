import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServedAgent, type ServedAgent } from "../helpers/served-agent.ts";
import { listingOf, project, registryWrites, startSim } from "./helpers.ts";

/**
 * The operator commands as a user runs them: the built bin (run `npm run build` first) in the
 * project's folder, its exit code and its output.
 */
const BIN = fileURLToPath(new URL("../../dist/bin.js", import.meta.url));

const masumiAgent = (cwd: string, ...args: string[]) =>
  execa(process.execPath, [BIN, ...args], { cwd, reject: false, stdin: "ignore", timeout: 30_000 });

let agent: ServedAgent;
beforeAll(async () => {
  agent = await startServedAgent();
});
afterAll(() => agent.stop());

describe("masumi-agent register (the bin)", () => {
  it("refuses a localhost URL with one line naming --allow-loopback, exit 2, nothing sent", async () => {
    const sim = await startSim();
    const folder = await project(sim, listingOf(agent.url.replace("127.0.0.1", "localhost")));
    const run = await masumiAgent(folder.dir, "register", "--yes");
    expect(run.exitCode).toBe(2);
    expect(run.stderr.trim().split("\n")).toEqual([
      expect.stringMatching(/^error: .*loopback address .*--allow-loopback/),
    ]);
    expect(registryWrites(sim)).toEqual([]);
  });

  it("refuses to go on without a terminal and without --yes", async () => {
    const sim = await startSim();
    const folder = await project(sim, listingOf(agent.url));
    const run = await masumiAgent(folder.dir, "register", "--allow-loopback");
    expect(run.exitCode).toBe(2);
    expect(run.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^error: .*not a terminal; pass --yes/)]);
    expect(registryWrites(sim)).toEqual([]);
  });

  it("a bad flag value is one line, exit 2", async () => {
    const sim = await startSim();
    const folder = await project(sim, listingOf(agent.url));
    const run = await masumiAgent(folder.dir, "register", "--timeout", "0");
    expect(run.exitCode).toBe(2);
    expect(run.stderr.trim().split("\n")).toEqual([expect.stringMatching(/expected whole minutes from 1 to 1440/)]);
    expect(registryWrites(sim)).toEqual([]);
  });

  it("registers with --yes --allow-loopback, then doctor exits 0 and registry status shows it", async () => {
    const sim = await startSim();
    const folder = await project(sim, listingOf(agent.url));
    const run = await masumiAgent(folder.dir, "register", "--yes", "--allow-loopback");
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/RegistrationConfirmed/);
    const identifier = /^AGENT_IDENTIFIER=(\w+)$/m.exec(await folder.env())![1]!;
    expect(run.stdout).toContain(`AGENT_IDENTIFIER=${identifier}`);
    const doctor = await masumiAgent(folder.dir, "doctor", "--allow-loopback");
    expect(doctor.exitCode, doctor.stdout).toBe(0);
    const status = await masumiAgent(folder.dir, "registry", "status");
    expect(status.exitCode).toBe(0);
    expect(status.stdout).toContain(`agentIdentifier  ${identifier}`);
  });
});
