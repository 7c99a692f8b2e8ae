/**
 * How long `masumi-agent register` takes against the payment-service simulator: the pre-flight
 * checks alone (--dry-run), and the whole registration with the registry states advancing at once
 * (`registrationStepMs` 0) and at payment-sim's command-line default (`--registry-step 1000`), next
 * to the anchor of a real chain (5 to 15 minutes on Preprod, MIP-003 section 6). The agent is a
 * real one (masumi-agent over node:http on 127.0.0.1). Prints numbers, asserts nothing.
 *
 *   npx tsx bench/register.ts [--runs 5]
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { defaultSeed, startPaymentSimulator } from "../packages/masumi-agent/src/payment-sim/index.js";

const { values } = parseArgs({ options: { runs: { type: "string", default: "5" } } });
const runs = Number(values.runs);

// Internal modules and test helpers of the library (its sources import each other as .ts, which
// this repository's tsconfig does not, hence the untyped imports).
const library = "../packages/masumi-agent/";
const { register } = await import(`${library}src/operator/register.ts`);
const { startServedAgent } = await import(`${library}test/helpers/served-agent.ts`);

const TOKEN = "bench-register-token";
const silent = { interactive: false, print() {}, progress() {}, endProgress() {}, ask: async () => false };

async function timeRegister(stepMs: number, dryRun: boolean, agentUrl: string): Promise<number> {
  const simulator = await startPaymentSimulator({
    token: TOKEN,
    seed: defaultSeed({ token: TOKEN }),
    registrationStepMs: stepMs,
  });
  const dir = await mkdtemp(join(tmpdir(), "bench-register-"));
  try {
    const env = Object.entries(simulator.env).map(([name, value]) => `${name}=${value}`);
    await writeFile(join(dir, ".env"), `${env.join("\n")}\n`);
    await writeFile(
      join(dir, "masumi.listing.jsonc"),
      JSON.stringify({
        name: "Bench Agent",
        description: "Measures register.",
        apiBaseUrl: agentUrl,
        capability: { name: "bench", version: "1.0.0" },
        author: { name: "Bench" },
        tags: ["bench"],
        exampleOutputs: [],
        pricing: { Preprod: [{ unit: "tUSDM", amount: "1000000" }] },
      }),
    );
    const started = performance.now();
    await register(
      {
        listing: join(dir, "masumi.listing.jsonc"),
        envFile: join(dir, ".env"),
        allowLoopback: true,
        yes: true,
        dryRun,
        timeoutMs: 60_000,
      },
      silent,
    );
    return performance.now() - started;
  } finally {
    await simulator.close();
    await rm(dir, { recursive: true, force: true });
  }
}

function summary(times: number[]): string {
  const sorted = [...times].sort((a, b) => a - b);
  const ms = (value: number) => (value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(0)} ms`);
  return `median ${ms(sorted[Math.floor(sorted.length / 2)]!)}  (min ${ms(sorted[0]!)}, max ${ms(sorted.at(-1)!)})`;
}

const agent = await startServedAgent();
try {
  const cases = [
    { label: "pre-flight checks only (--dry-run)", stepMs: 0, dryRun: true },
    { label: "register, states at once (step 0 ms)", stepMs: 0, dryRun: false },
    { label: "register, payment-sim default (step 1000 ms)", stepMs: 1000, dryRun: false },
  ];
  console.log(`register against the simulator, ${runs} runs each`);
  for (const { label, stepMs, dryRun } of cases) {
    const times: number[] = [];
    for (let run = 0; run < runs; run++) times.push(await timeRegister(stepMs, dryRun, agent.url));
    console.log(`  ${label.padEnd(46)} ${summary(times)}`);
  }
  console.log(`  ${"anchor: a real Preprod registration".padEnd(46)} 5 to 15 min (MIP-003 section 6)`);
} finally {
  await agent.stop();
}
