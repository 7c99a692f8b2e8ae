import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa, type ResultPromise } from "execa";
import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_AGENT_IDENTIFIER } from "../../packages/masumi-agent/src/payment-sim/index.js";
import { MINUTE, waitUntil } from "./helpers.js";

const ENTRY = fileURLToPath(new URL("./fixtures/payment-sim-cli.ts", import.meta.url));
const ROOT = fileURLToPath(new URL("../../", import.meta.url));

interface RunningSim {
  child: ResultPromise;
  output: () => string;
}

const children: ResultPromise[] = [];

afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
});

/**
 * Runs `payment-sim` in its own node process with tsx's loader (`node --import tsx`, which is what
 * `npx tsx` does, without npm's wrapper process between the test's signal and the command).
 */
function runCommand(args: string[]): RunningSim {
  const child = execa(process.execPath, ["--import", "tsx", ENTRY, "payment-sim", ...args], {
    cwd: ROOT,
    reject: false,
    stdin: "ignore",
    all: true,
    env: { NO_COLOR: "1" },
    timeout: 60_000,
  });
  children.push(child);
  let output = "";
  child.all?.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  return { child, output: () => output };
}

const ENV_NAMES =
  "PAYMENT_SERVICE_URL|PAYMENT_API_KEY|AGENT_IDENTIFIER|NETWORK|PAYMENT_SOURCE_TYPE|PAYMENT_SOURCE_INDEX";

/** The KEY=value lines the command prints for the agent's environment. */
function printedEnv(output: string): Record<string, string> {
  return Object.fromEntries(
    [...output.matchAll(new RegExp(`^(${ENV_NAMES})=(.+)$`, "gm"))].map((match) => [match[1], match[2]]),
  );
}

/** The environment, once the whole introduction (which ends with the payments line) is printed. */
async function startedEnv(sim: RunningSim): Promise<Record<string, string>> {
  await waitUntil(() => /^New payments /m.test(sim.output()), 30_000);
  return printedEnv(sim.output());
}

function paymentRequest(env: Record<string, string>): Record<string, unknown> {
  const now = Date.now();
  return {
    network: env.NETWORK,
    agentIdentifier: env.AGENT_IDENTIFIER,
    inputHash: "ab".repeat(32),
    identifierFromPurchaser: "a1b2c3d4e5f60718",
    payByTime: new Date(now + 10 * MINUTE).toISOString(),
    submitResultTime: new Date(now + 30 * MINUTE).toISOString(),
    ...(env.PAYMENT_SOURCE_INDEX === undefined
      ? {}
      : { supportedPaymentSourceIndex: Number(env.PAYMENT_SOURCE_INDEX) }),
  };
}

async function createPaymentVia(env: Record<string, string>): Promise<{ id: string; blockchainIdentifier: string }> {
  const created = await fetch(`${env.PAYMENT_SERVICE_URL}/payment`, {
    method: "POST",
    headers: { token: env.PAYMENT_API_KEY ?? "", "content-type": "application/json" },
    body: JSON.stringify(paymentRequest(env)),
  });
  const answer = (await created.json()) as { data: { id: string; blockchainIdentifier: string } };
  expect(created.status, JSON.stringify(answer)).toBe(200);
  return answer.data;
}

describe("create-masumi-agent payment-sim", () => {
  it("prints the agent's environment, serves the API, logs calls without the token, and stops on SIGTERM with 0", async () => {
    const token = "cli-test-token-93ab1";
    const sim = runCommand(["--port", "0", "--token", token, "--auto-lock", "100"]);
    const env = await startedEnv(sim);

    expect(env.PAYMENT_SERVICE_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1$/);
    expect(env.PAYMENT_API_KEY).toBe(token);
    // The default profile's agent: the same identifier at every start.
    expect(env.AGENT_IDENTIFIER).toBe(DEFAULT_AGENT_IDENTIFIER);
    expect(env.AGENT_IDENTIFIER).toMatch(/^[0-9a-f]{120}$/);
    expect(env.NETWORK).toBe("Preprod");
    expect(env.PAYMENT_SOURCE_TYPE).toBe("Web3CardanoV2");
    expect(env.PAYMENT_SOURCE_INDEX).toBe("0");

    const headers = { token, "content-type": "application/json" };
    const payment = await createPaymentVia(env);

    // --auto-lock 100: the payment is paid shortly after.
    await waitUntil(async () => {
      const resolved = await fetch(`${env.PAYMENT_SERVICE_URL}/payment/resolve-blockchain-identifier`, {
        method: "POST",
        headers,
        body: JSON.stringify({ network: "Preprod", blockchainIdentifier: payment.blockchainIdentifier }),
      });
      return ((await resolved.json()) as { data: { onChainState: string | null } }).data.onChainState === "FundsLocked";
    });

    const log = sim.output().slice(sim.output().indexOf("PAYMENT_SOURCE_INDEX=0"));
    expect(log).toMatch(/POST \/api\/v1\/payment 200 \d+ms/);
    expect(log).toContain(`/admin/payments/${payment.id}/state' -H "token: $PAYMENT_API_KEY"`);
    expect(log).toContain(`payment ${payment.id}: onChainState null -> FundsLocked`);
    expect(log).not.toContain(token);

    sim.child.kill("SIGTERM");
    const result = await sim.child;
    expect(result.exitCode).toBe(0);
    expect(sim.output()).toContain("payment-sim stopped (SIGTERM)");
  });

  it("uses the fixed development token by default, and its printed export and curl lines work in a shell", async () => {
    const sim = runCommand(["--port", "0"]);
    const env = await startedEnv(sim);
    expect(env.PAYMENT_API_KEY).toBe("masumi-sim-dev-token");
    const list = (token: string) => fetch(`${env.PAYMENT_SERVICE_URL}/payment?network=Preprod`, { headers: { token } });
    expect((await list(env.PAYMENT_API_KEY ?? "")).status).toBe(200);
    expect((await list("guess")).status).toBe(401);

    const payment = await createPaymentVia(env);
    await waitUntil(() => sim.output().includes(`/admin/payments/${payment.id}/state`));
    const exportLine = /^\s*(export PAYMENT_API_KEY=.+)$/m.exec(sim.output())?.[1];
    const curlLine = new RegExp(`^\\s*(curl .*/admin/payments/${payment.id}/state.*)$`, "m").exec(sim.output())?.[1];
    expect(exportLine).toBeDefined();
    expect(curlLine).toBeDefined();
    // A shell without PAYMENT_API_KEY of its own: the export line is what gives it the key.
    const { PAYMENT_API_KEY: _unset, ...shellEnv } = process.env;
    const shell = await execa("sh", ["-c", `${exportLine}\n${curlLine}`], {
      env: shellEnv,
      extendEnv: false,
      reject: false,
    });
    expect(JSON.parse(shell.stdout)).toMatchObject({
      status: "success",
      data: { id: payment.id, onChainState: "FundsLocked" },
    });

    sim.child.kill("SIGINT");
    expect((await sim.child).exitCode).toBe(0);
  });

  it("plays a V1 seller with --source-type Web3CardanoV1 (payments without a source index)", async () => {
    const sim = runCommand(["--port", "0", "--source-type", "Web3CardanoV1"]);
    const env = await startedEnv(sim);
    expect(env.PAYMENT_SOURCE_TYPE).toBe("Web3CardanoV1");
    expect(env).not.toHaveProperty("PAYMENT_SOURCE_INDEX");
    expect(env.AGENT_IDENTIFIER).toBe(DEFAULT_AGENT_IDENTIFIER);
    await createPaymentVia(env);
    sim.child.kill("SIGTERM");
    expect((await sim.child).exitCode).toBe(0);
  });

  it("--write-env sets the simulator's lines of a .env file and leaves every other line as it was", async () => {
    const dir = await mkdtemp(join(tmpdir(), "payment-sim-env-"));
    const file = join(dir, ".env");
    const before = [
      "# my agent",
      "PORT=8080",
      "PAYMENT_SERVICE_URL=https://old.example/api/v1",
      "export OPENAI_API_KEY='sk-keep-me'",
      "",
      "PAYMENT_API_KEY=old-key",
      "PAYMENT_SOURCE_INDEX=3",
      "PAYMENT_API_KEY=duplicate-old-key",
      "",
    ].join("\n");
    await writeFile(file, before);
    const sim = runCommand(["--port", "0", "--source-type", "Web3CardanoV1", "--write-env", file]);
    const env = await startedEnv(sim);
    expect(await readFile(file, "utf8")).toBe(
      [
        "# my agent",
        "PORT=8080",
        `PAYMENT_SERVICE_URL=${env.PAYMENT_SERVICE_URL}`,
        "export OPENAI_API_KEY='sk-keep-me'",
        "",
        "PAYMENT_API_KEY=masumi-sim-dev-token",
        `AGENT_IDENTIFIER=${DEFAULT_AGENT_IDENTIFIER}`,
        "NETWORK=Preprod",
        "PAYMENT_SOURCE_TYPE=Web3CardanoV1",
        "",
      ].join("\n"),
    );
    sim.child.kill("SIGTERM");
    expect((await sim.child).exitCode).toBe(0);
    await rm(dir, { recursive: true, force: true });
  });

  it("prints each option's default once in --help", async () => {
    const { child, output } = runCommand(["--help"]);
    expect((await child).exitCode).toBe(0);
    expect(output().match(/default: 3001/g)).toHaveLength(1);
    expect(output().match(/masumi-sim-dev-token/g)).toHaveLength(1);
  });

  it("rejects a port that is not a number", async () => {
    const { child, output } = runCommand(["--port", "http"]);
    const result = await child;
    expect(result.exitCode).not.toBe(0);
    expect(output()).toContain(
      "option '--port <n>' argument 'http' is invalid. expected a whole number from 0 to 65535",
    );
  });
});
