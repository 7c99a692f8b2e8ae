/**
 * The payment watcher's load on the payment service (issue: 1,000 jobs awaiting payment must not
 * cost 1,000 requests per poll). Points the watcher of the library's Masumi payment mode at the
 * payment-service simulator with `--jobs` payments awaiting funds, and counts the simulator's
 * requests per poll interval, then how long settling them all takes once every payment is
 * locked. Prints numbers, asserts nothing.
 *
 *   npx tsx bench/payment-watcher.ts [--jobs 1000] [--interval 500] [--polls 5]
 */
import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import { silentLogger } from "masumi-agent";
import { startPaymentSimulator } from "../packages/masumi-agent/src/payment-sim/index.js";

const { values } = parseArgs({
  options: {
    jobs: { type: "string", default: "1000" },
    interval: { type: "string", default: "500" },
    polls: { type: "string", default: "5" },
  },
});
const jobs = Number(values.jobs);
const intervalMs = Number(values.interval);
const polls = Number(values.polls);

// The watcher and the client as a generated agent runs them; internal modules of the library (its
// sources import each other as .ts, which this repository's tsconfig does not, hence the untyped import).
const masumiMode = "../packages/masumi-agent/src/payment/masumi/";
const { PaymentServiceClient } = await import(`${masumiMode}payment-service.ts`);
const { PaymentWatcher } = await import(`${masumiMode}payment-watcher.ts`);

const simulator = await startPaymentSimulator({
  token: randomBytes(16).toString("hex"),
});
const client = new PaymentServiceClient({
  url: simulator.apiUrl,
  apiKey: simulator.env.PAYMENT_API_KEY,
  network: "Preprod",
  paymentSourceType: "Web3CardanoV2",
});
const watcher = new PaymentWatcher({
  client,
  log: silentLogger,
  pollIntervalMs: intervalMs,
});

const now = Date.now();
const payments = [];
for (let i = 0; i < jobs; i++) {
  const created = await client.createPayment({
    agentIdentifier: simulator.env.AGENT_IDENTIFIER,
    identifierFromPurchaser: randomBytes(8).toString("hex"),
    inputHash: randomBytes(32).toString("hex"),
    payByTime: new Date(now + 3_600_000),
    submitResultTime: new Date(now + 12 * 3_600_000),
    paymentSourceType: "Web3CardanoV2",
    supportedPaymentSourceIndex: 0,
  });
  payments.push({
    blockchainIdentifier: created.blockchainIdentifier,
    payByTime: Number(created.payByTime),
  });
}

const stop = new AbortController();
const settled = payments.map((payment) => watcher.watch(payment, stop.signal));

const before = simulator.calls().length;
await sleep(intervalMs * polls + intervalMs / 2);
const waitingRequests = simulator.calls().length - before;
const listings = simulator
  .calls()
  .filter((call) => call.path === "/api/v1/payment" && call.method === "GET");
const pollsSeen = listings.filter(
  (call) => call.query.cursorId === undefined,
).length;

for (const payment of payments)
  simulator.setState(payment.blockchainIdentifier, "FundsLocked");
const lockedAt = performance.now();
const beforeSettle = simulator.calls().length;
await Promise.all(settled);
const settleMs = performance.now() - lockedAt;
const settleRequests = simulator.calls().length - beforeSettle;

console.log(
  `payment watcher, ${jobs} jobs awaiting payment, poll interval ${intervalMs} ms`,
);
console.log(
  `  while waiting: ${waitingRequests} requests in ${polls} intervals (${(waitingRequests / polls).toFixed(1)} per interval); ${pollsSeen} polls, ${(listings.length / Math.max(pollsSeen, 1)).toFixed(1)} requests per poll (pages of 100, the cursor row repeats)`,
);
console.log(
  `  per-job resolving would cost ${jobs} requests per poll interval`,
);
console.log(
  `  after every payment locked: all ${jobs} settled in ${settleMs.toFixed(0)} ms with ${settleRequests} requests`,
);

stop.abort();
await simulator.close();
