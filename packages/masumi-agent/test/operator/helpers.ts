import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach } from "vitest";
import {
  defaultSeed,
  startPaymentSimulator,
  type PaymentSimulator,
  type PaymentSimulatorOptions,
  type SimulatorSeed,
} from "../../src/payment-sim/index.ts";
import type { RegisterOptions } from "../../src/operator/register.ts";
import type { Terminal } from "../../src/operator/terminal.ts";

/**
 * The operator commands' tests: a project folder (.env and listing file), the payment-service
 * simulator it points at, and a terminal that records what the command says.
 */

export const TOKEN = "operator-test-admin-token";
export const READ_TOKEN = "operator-test-read-token";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

/**
 * The simulator's default seller, plus a read-only key; registry steps every 5 ms by default.
 * `adjustSeed` changes what it holds at the start (`options.seed` replaces it).
 */
export async function startSim(
  options: Partial<PaymentSimulatorOptions> = {},
  adjustSeed: (seed: SimulatorSeed) => void = () => {},
): Promise<PaymentSimulator> {
  const seed = defaultSeed({ token: TOKEN });
  adjustSeed(seed);
  seed.apiKeys.push({
    id: "read-key",
    token: READ_TOKEN,
    permission: "Read",
    networks: ["Preprod", "Mainnet"],
    status: "Active",
  });
  const simulator = await startPaymentSimulator({
    token: TOKEN,
    seed,
    registrationStepMs: 5,
    ...options,
  });
  cleanups.push(() => simulator.close());
  return simulator;
}

/** A listing the registry and the marketplace take, at `apiBaseUrl`. */
export function listingOf(apiBaseUrl: string): Record<string, unknown> {
  return {
    name: "Word Counter",
    description: "Counts the words of a text.",
    apiBaseUrl,
    capability: { name: "word-count", version: "1.0.0" },
    author: { name: "Ada Author", contactEmail: "ada@example.com" },
    legal: { terms: "https://example.com/terms" },
    tags: ["text", "words"],
    exampleOutputs: [],
    pricing: {
      Preprod: [{ unit: "tUSDM", amount: "2000000" }],
      Mainnet: [{ unit: "USDM", amount: "2000000" }],
    },
  };
}

export interface Project {
  dir: string;
  envFile: string;
  listingFile: string;
  env(): Promise<string>;
  /** Options for register and friends: non-interactive, loopback allowed, 5 s timeout. */
  options(overrides?: Partial<RegisterOptions>): RegisterOptions;
}

/** A project folder whose .env points at `simulator` and whose listing file is `listing` (JSONC). */
export async function project(
  simulator: PaymentSimulator,
  listing: Record<string, unknown>,
  env: Record<string, string | undefined> = {},
): Promise<Project> {
  const dir = await mkdtemp(join(tmpdir(), "operator-test-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const values: Record<string, string | undefined> = { ...simulator.env, PORT: "3000", ...env };
  const lines = Object.entries(values)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) => `${name}=${value}`);
  const envFile = join(dir, ".env");
  const listingFile = join(dir, "masumi.listing.jsonc");
  await writeFile(envFile, `# the agent's settings\n${lines.join("\n")}\n`);
  await writeFile(listingFile, `// the listing\n${JSON.stringify(listing, null, 2)}\n`);
  return {
    dir,
    envFile,
    listingFile,
    env: () => readFile(envFile, "utf8"),
    options: (overrides = {}) => ({
      listing: listingFile,
      envFile,
      allowLoopback: true,
      yes: true,
      dryRun: false,
      timeoutMs: 5_000,
      ...overrides,
    }),
  };
}

export interface RecordingTerminal extends Terminal {
  lines: string[];
  questions: string[];
}

/** A terminal that keeps every line; interactive ones answer questions with `answer`. */
export function recordingTerminal(
  options: { interactive?: boolean; answer?: boolean } = {},
): RecordingTerminal {
  const lines: string[] = [];
  const questions: string[] = [];
  return {
    interactive: options.interactive ?? false,
    lines,
    questions,
    print: (line) => lines.push(line),
    progress: (line) => {
      if (lines.at(-1) !== line) lines.push(line);
    },
    endProgress: () => {},
    ask: async (question) => {
      questions.push(question);
      return options.answer ?? false;
    },
  };
}

/** The registry writes the simulator received. */
export function registryWrites(simulator: PaymentSimulator) {
  return simulator
    .calls()
    .filter((call) => call.method === "POST" && call.path.startsWith("/api/v1/registry"));
}

/**
 * A fixture agent with one fault: it answers `/availability` and `/input_schema` with the given
 * bodies (the faults the pre-flight checks must catch, which a generated agent never has).
 */
export async function faultyAgent(answers: {
  availability?: unknown;
  inputSchema?: unknown;
}): Promise<string> {
  const server: Server = createServer((request, response) => {
    const body =
      request.url === "/availability"
        ? (answers.availability ?? { status: "available", type: "masumi-agent" })
        : request.url === "/input_schema"
          ? (answers.inputSchema ?? { input_data: [{ id: "text", type: "string", name: "Text" }] })
          : undefined;
    response.writeHead(body === undefined ? 404 : 200, { "content-type": "application/json" });
    response.end(JSON.stringify(body ?? { error: "not_found" }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A port on which nothing listens. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
