import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as prompts from "@clack/prompts";
import { StepError } from "../cli/errors.js";
import { printReport, runConformance, type Profile } from "../conformance/index.js";
import { PROFILES } from "../conformance/types.js";
import type { PackageManager } from "../options.js";
import { freePort } from "../process/free-port.js";
import { startServerProcess } from "../process/server-process.js";
import { lastLines } from "./output.js";
import { progress } from "./progress.js";

/**
 * Starts the generated agent on a free port with its own `start` script, runs the conformance
 * check against it and stops it again, whatever happens. The check's jobs go to a throwaway data
 * directory, so the author's database starts empty.
 */
export async function checkProject(targetDir: string, packageManager: PackageManager, retryDir: string) {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const dataDir = await mkdtemp(join(tmpdir(), "masumi-agent-check-"));
  const server = startServerProcess(packageManager, ["run", "start"], {
    cwd: targetDir,
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dataDir },
  });
  const retry = `cd ${retryDir} && ${packageManager} run start, then in another terminal: ${packageManager} run check`;
  const spinner = progress();
  try {
    spinner.start("Starting the agent");
    try {
      await server.waitUntilAnswering(`${baseUrl}/availability`, 30_000);
    } catch (error) {
      spinner.error("The agent did not start");
      prompts.log.message(lastLines(server.output(), 30));
      throw new StepError(`The agent did not start: ${(error as Error).message}`, retry);
    }
    spinner.stop(`The agent answers at ${baseUrl}`);
    // A generated agent serves both the current API and the original one it grew from.
    const failed: Profile[] = [];
    for (const profile of PROFILES) {
      spinner.start(`Running the conformance check (${profile})`);
      const report = await runConformance({ baseUrl, profile }).catch((error: Error) => {
        spinner.error(`The conformance check (${profile}) could not run`);
        throw new StepError(`The conformance check could not run: ${error.message}`, retry);
      });
      spinner.stop(`Conformance check (${profile}) finished against ${baseUrl}`);
      printReport(report, process.stdout);
      if (report.exitCode !== 0) failed.push(profile);
    }
    if (failed.length > 0) throw new StepError(`The conformance check failed (${failed.join(", ")})`, retry);
  } finally {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
