import { writeFile } from "node:fs/promises";
import { Option, type Command, type CommanderError } from "commander";
import { UsageError } from "../cli/errors.js";
import { startServerProcess, type ServerProcess } from "../process/server-process.js";
import { CATALOGUE } from "./catalogue.js";
import { ServerUnreachableError } from "./errors.js";
import { collect, parseHeaders, parseInput, wholeNumber } from "./flags.js";
import { assertUsable, printReport, runConformance } from "./index.js";
import { DEFAULTS } from "./options.js";
import { catalogueJson, catalogueText } from "./reporters/catalogue.js";
import { jsonReport } from "./reporters/json.js";
import { junitReport } from "./reporters/junit.js";
import { filterChecks, parsePatterns } from "./select.js";
import { PROFILES, type Profile } from "./types.js";

interface CheckFlags {
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

function printError(message: string): void {
  process.stderr.write(`error: ${message}\n`);
}

/** Starts `--server` through the shell and waits until it answers; stopped by the caller. */
async function startServer(command: string, baseUrl: string): Promise<ServerProcess> {
  const shell =
    process.platform === "win32"
      ? { file: "cmd.exe", args: ["/d", "/s", "/c", command] }
      : { file: "/bin/sh", args: ["-c", command] };
  const server = startServerProcess(shell.file, shell.args, { cwd: process.cwd(), env: process.env });
  try {
    await server.waitUntilAnswering(`${baseUrl.replace(/\/+$/, "")}/availability`, SERVER_START_TIMEOUT_MS);
  } catch (error) {
    await server.stop();
    const output = server.output().trim().split("\n").slice(-20).join("\n");
    throw new ServerUnreachableError(
      `--server "${command}": ${(error as Error).message}${output ? `\n${output}` : ""}`,
    );
  }
  return server;
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

async function check(url: string | undefined, flags: CheckFlags): Promise<number> {
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
  const server = flags.server ? await startServer(flags.server, url) : undefined;
  const releaseSignals = server ? stopOnSignals(server) : () => {};
  try {
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

/**
 * Adds `check <url>`: runs the conformance checks against any MIP-003 server and sets the exit
 * code: 0 every scored check passed, 1 a MUST (or, with --strict, a SHOULD) check failed,
 * 2 a usage error or a server that cannot be reached at all.
 */
export function registerCheckCommand(program: Command): void {
  program
    .command("check")
    .description("Check any MIP-003 agent server for conformance (and marketplace compatibility).")
    .argument("[url]", "the agent's base URL, which may carry a path prefix: http://host/agents/x")
    .addOption(
      new Option("--profile <profile>", "mip-003 (the current API) or seed (the original three endpoints)")
        .choices(PROFILES)
        .default("mip-003"),
    )
    .option(
      "--only <ids>",
      "run only these checks: ids or prefixes, comma-separated, repeatable (SJ-,ST-unknown-id)",
      collect,
    )
    .option("--exclude <ids>", "leave these checks out: ids or prefixes", collect)
    .option("--list", "print the catalogue of checks and run nothing")
    .option("--strict", "SHOULD failures fail the run too")
    .option("--json [file]", "write the report as JSON: to a file, or without one to stdout instead of the text report")
    .option("--junit <file>", "write the report as JUnit XML to a file")
    .option("--verbose", "show every request and response of each check")
    .option("--timeout <ms>", "timeout of each request", wholeNumber, DEFAULTS.timeoutMs)
    .option(
      "--job-timeout <ms>",
      "how long a job may take to reach a status a check waits for",
      wholeNumber,
      DEFAULTS.jobTimeoutMs,
    )
    .option("--concurrency <n>", "parallel requests of the concurrency checks", wholeNumber, DEFAULTS.concurrency)
    .option("--header <header>", 'send "Name: value" with every request (repeatable)', collect)
    .option("--input <json|@file>", "a valid input_data, when one cannot be derived from the schema")
    .option("--server <command>", "start the server with this shell command, wait until it answers, stop it afterwards")
    // Usage errors exit with 2 (commander would use 1); --help keeps 0.
    .exitOverride((error: CommanderError) => process.exit(error.exitCode === 0 ? 0 : 2))
    .action(async (url: string | undefined, flags: CheckFlags) => {
      try {
        process.exitCode = await check(url, flags);
      } catch (error) {
        if (!(error instanceof UsageError || error instanceof ServerUnreachableError)) throw error;
        printError(error.message);
        process.exitCode = 2;
      }
    });
}
