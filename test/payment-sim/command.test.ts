import { fileURLToPath } from "node:url";
import { execa, type ResultPromise } from "execa";
import { afterEach, describe, expect, it } from "vitest";
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

/** The KEY=value lines the command prints for the agent's environment. */
function printedEnv(output: string): Record<string, string> {
  return Object.fromEntries(
    [...output.matchAll(/^(PAYMENT_SERVICE_URL|PAYMENT_API_KEY|AGENT_IDENTIFIER|NETWORK)=(.+)$/gm)].map((match) => [
      match[1],
      match[2],
    ]),
  );
}

async function startedEnv(sim: RunningSim): Promise<Record<string, string>> {
  await waitUntil(() => Object.keys(printedEnv(sim.output())).length === 4, 30_000);
  return printedEnv(sim.output());
}

describe("create-masumi-agent payment-sim", () => {
  it("prints the agent's environment, serves the API, logs calls without the token, and stops on SIGTERM with 0", async () => {
    const token = "cli-test-token-93ab1";
    const sim = runCommand(["--port", "0", "--token", token, "--auto-lock", "100"]);
    const env = await startedEnv(sim);

    expect(env.PAYMENT_SERVICE_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1$/);
    expect(env.PAYMENT_API_KEY).toBe(token);
    expect(env.AGENT_IDENTIFIER).toMatch(/^[0-9a-f]{57,}$/);
    expect(env.NETWORK).toBe("Preprod");

    const headers = { token, "content-type": "application/json" };
    const now = Date.now();
    const created = await fetch(`${env.PAYMENT_SERVICE_URL}/payment`, {
      method: "POST",
      headers,
      body: JSON.stringify({
        network: env.NETWORK,
        agentIdentifier: env.AGENT_IDENTIFIER,
        inputHash: "ab".repeat(32),
        identifierFromPurchaser: "a1b2c3d4e5f60718",
        payByTime: new Date(now + 10 * MINUTE).toISOString(),
        submitResultTime: new Date(now + 30 * MINUTE).toISOString(),
      }),
    });
    expect(created.status).toBe(200);
    const payment = ((await created.json()) as { data: { id: string; blockchainIdentifier: string } }).data;

    // --auto-lock 100: the payment is paid shortly after.
    await waitUntil(async () => {
      const resolved = await fetch(`${env.PAYMENT_SERVICE_URL}/payment/resolve-blockchain-identifier`, {
        method: "POST",
        headers,
        body: JSON.stringify({ network: "Preprod", blockchainIdentifier: payment.blockchainIdentifier }),
      });
      return ((await resolved.json()) as { data: { onChainState: string | null } }).data.onChainState === "FundsLocked";
    });

    const log = sim.output().slice(sim.output().indexOf("NETWORK=Preprod"));
    expect(log).toMatch(/POST \/api\/v1\/payment 200 \d+ms/);
    expect(log).toContain(`/admin/payments/${payment.id}/state' -H "token: $PAYMENT_API_KEY"`);
    expect(log).toContain(`payment ${payment.id}: onChainState null -> FundsLocked`);
    expect(log.slice("NETWORK=Preprod".length)).not.toContain(token);

    sim.child.kill("SIGTERM");
    const result = await sim.child;
    expect(result.exitCode).toBe(0);
    expect(sim.output()).toContain("payment-sim stopped (SIGTERM)");
  });

  it("makes up a token when none is given, and only that token is accepted", async () => {
    const sim = runCommand(["--port", "0"]);
    const env = await startedEnv(sim);
    expect(env.PAYMENT_API_KEY).toMatch(/^sim_[0-9a-f]{32}$/);
    const list = (token: string) => fetch(`${env.PAYMENT_SERVICE_URL}/payment?network=Preprod`, { headers: { token } });
    expect((await list(env.PAYMENT_API_KEY ?? "")).status).toBe(200);
    expect((await list("guess")).status).toBe(401);
    sim.child.kill("SIGINT");
    expect((await sim.child).exitCode).toBe(0);
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
