/**
 * What `check` does once its flags are parsed: list the catalogue, or start `--server`, run the
 * checks and write the reports. Loaded only when `check` runs (see ./command.ts).
 */
import { writeFile } from "node:fs/promises";
import { UsageError } from "../usage-error.js";
import { startServerProcess, type ServerProcess } from "../process/server-process.js";
import { CATALOGUE } from "./catalogue.js";
import { ServerUnreachableError } from "./errors.js";
import { parseHeaders, parseInput } from "./flags.js";
import { assertUsable, printReport, runConformance } from "./index.js";
import { catalogueJson, catalogueText } from "./reporters/catalogue.js";
import { jsonReport } from "./reporters/json.js";
import { junitReport } from "./reporters/junit.js";
import { filterChecks, parsePatterns } from "./select.js";
import type { Profile } from "./types.js";

export interface CheckFlags {
  profile: Profile;
  only?: string[];
  exclude?: string[];
  list?: boolean;
  strict?: boolean;
  json?: string | true;
  junit?: string;
  verbose?: boolean;
  timeout: number;
  jobTimeout: number;
  concurrency: number;
  header?: string[];
  input?: string;
  server?: string;
}

/** How long `--server` may take to answer its first request. */
const SERVER_START_TIMEOUT_MS = 60_000;

function print(text: string): void {
  process.stdout.write(text);
}

/** `check --json | head` closes stdout early: what is left to print is nobody's, so it is dropped quietly. */
function ignoreClosedStdout(error: NodeJS.ErrnoException): void {
  if (error.code !== "EPIPE") throw error;
}

/** Starts `--server` through the shell; stopped by the caller. */
function startServer(command: string): ServerProcess {
  const shell =
    process.platform === "win32"
      ? { file: "cmd.exe", args: ["/d", "/s", "/c", command] }
      : { file: "/bin/sh", args: ["-c", command] };
  return startServerProcess(shell.file, shell.args, { cwd: process.cwd(), env: process.env });
}

/** Waits until `--server` answers; the error of a server that does not carries its last output. */
async function serverAnswering(server: ServerProcess, command: string, baseUrl: string): Promise<void> {
  try {
    await server.waitUntilAnswering(`${baseUrl.replace(/\/+$/, "")}/availability`, SERVER_START_TIMEOUT_MS);
  } catch (error) {
    const output = server.output().trim().split("\n").slice(-20).join("\n");
    throw new ServerUnreachableError(
      `--server "${command}": ${(error as Error).message}${output ? `\n${output}` : ""}`,
    );
  }
}

/** Stops the server on Ctrl-C or SIGTERM too: it runs in its own process group, out of the terminal's reach. */
function stopOnSignals(server: ServerProcess): () => void {
  const handlers = (["SIGINT", "SIGTERM"] as const).map((signal) => {
    const handler = () => void server.stop().finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
    process.once(signal, handler);
    return [signal, handler] as const;
  });
  return () => handlers.forEach(([signal, handler]) => process.off(signal, handler));
}

export async function runCheck(url: string | undefined, flags: CheckFlags): Promise<number> {
  process.stdout.on("error", ignoreClosedStdout);
  const only = parsePatterns(flags.only ?? []);
  const exclude = parsePatterns(flags.exclude ?? []);
  if (flags.list) {
    const listed = filterChecks(CATALOGUE, only, exclude);
    print(flags.json ? catalogueJson(listed) : catalogueText(listed));
    return 0;
  }
  if (!url) throw new UsageError("missing the URL of the server to check (or --list)");
  const options = {
    baseUrl: url,
    profile: flags.profile,
    only,
    exclude,
    strict: flags.strict ?? false,
    timeoutMs: flags.timeout,
    jobTimeoutMs: flags.jobTimeout,
    concurrency: flags.concurrency,
    headers: parseHeaders(flags.header ?? []),
    input: await parseInput(flags.input),
  };
  // Usage problems are found before a server is started for nothing.
  assertUsable(options);
  const server = flags.server ? startServer(flags.server) : undefined;
  // From its start on: a Ctrl-C while the server is still starting stops it too.
  const releaseSignals = server ? stopOnSignals(server) : () => {};
  try {
    if (server) await serverAnswering(server, flags.server!, url);
    const report = await runConformance(options);
    const jsonToStdout = flags.json === true || flags.json === "-";
    if (jsonToStdout) print(jsonReport(report));
    else printReport(report, process.stdout, { verbose: flags.verbose ?? false });
    if (typeof flags.json === "string" && flags.json !== "-") await writeFile(flags.json, jsonReport(report));
    if (flags.junit) await writeFile(flags.junit, junitReport(report));
    return report.exitCode;
  } finally {
    releaseSignals();
    await server?.stop();
  }
}
