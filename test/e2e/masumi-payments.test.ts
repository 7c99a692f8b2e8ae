import { createHash, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runConformance } from "../../src/conformance/index.js";
import {
  startPaymentSimulator,
  type PaymentSimulator,
} from "../../src/payment-sim/index.js";
import { supportedStacks } from "../../src/stack/combinations.js";
import { tempDir } from "../helpers/cli.js";
import {
  generateProject,
  installProject,
  startProject,
  type RunningServer,
} from "../helpers/generated-project.js";

/**
 * The paid flow of `--payment masumi`, for real: a generated agent, installed and started, talks
 * to the payment-service simulator (the only stand-in for the Masumi payment service) over HTTP.
 * Every store the CLI can generate is covered.
 */

const PURCHASER = "a1b2c3d4e5f60718";
const POLL = { timeout: 20_000, interval: 50 };

/** The result hash of MIP-004 as the marketplace computes it: the result JSON-escaped. */
function expectedResultHash(identifier: string, result: string): string {
  return createHash("sha256")
    .update(`${identifier};${JSON.stringify(result).slice(1, -1)}`)
    .digest("hex");
}

type Json = any;

async function call(
  url: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Json }> {
  const response = await fetch(`${url}${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

async function startJob(
  url: string,
  input: Record<string, unknown>,
): Promise<Json> {
  const { status, body } = await call(url, "/start_job", {
    identifier_from_purchaser: PURCHASER,
    input_data: input,
  });
  expect(status, JSON.stringify(body)).toBe(200);
  return body;
}

async function statusOf(url: string, jobId: string): Promise<Json> {
  return (await call(url, `/status?job_id=${jobId}`)).body;
}

/** Waits until the simulator has exactly one submitted result for the job, with this hash. */
async function expectOneSubmission(
  simulator: PaymentSimulator,
  job: Json,
  result: string,
  fields: Record<string, unknown> = {},
): Promise<void> {
  await expect
    .poll(
      () =>
        simulator
          .submittedResults()
          .filter((r) => r.blockchainIdentifier === job.blockchainIdentifier),
      POLL,
    )
    .toEqual([
      expect.objectContaining({
        resultHash: expectedResultHash(PURCHASER, result),
        ...fields,
      }),
    ]);
}

/** One stack per store: the payment code is the same on every runtime and framework. */
const masumiStacks = supportedStacks("masumi-agent").filter(
  (stack) =>
    stack.payment === "masumi" &&
    stack.runtime === "node" &&
    stack.framework === "hono",
);

describe.each(masumiStacks.map((stack) => [stack.persistence, stack] as const))(
  "masumi payments with %s",
  (persistence, stack) => {
    let dir: string;
    let simulator: PaymentSimulator;
    let agent: RunningServer;
    let env: Record<string, string>;
    const persistent = persistence !== "memory";

    beforeAll(async () => {
      dir = await generateProject(stack);
      await installProject(dir);
      simulator = await startPaymentSimulator({
        token: randomBytes(16).toString("hex"),
      });
      env = {
        ...simulator.env,
        PAYMENT_POLL_INTERVAL_MS: "50",
        DATA_DIR: await tempDir("cma-masumi-data-"),
      };
      if (persistence === "postgres")
        env.DATABASE_URL ??= "postgres://postgres@127.0.0.1:5432/test";
      agent = await startProject(dir, env);
    }, 600_000);

    afterAll(async () => {
      await agent?.stop();
      await simulator?.close();
    });

    it("runs the whole paid lifecycle and submits the right result hash", async () => {
      const job = await startJob(agent.url, {
        text: "hello, masumi",
        task: ["title case"],
      });
      const payment = simulator
        .payments()
        .find((p) => p.blockchainIdentifier === job.blockchainIdentifier);
      expect(payment).toBeDefined();
      // The service's values, unchanged: times as the same integers, the seller's wallet key.
      expect(job).toMatchObject({
        status: "awaiting_payment",
        payByTime: Number(payment!.payByTime),
        submitResultTime: Number(payment!.submitResultTime),
        unlockTime: Number(payment!.unlockTime),
        externalDisputeUnlockTime: Number(payment!.externalDisputeUnlockTime),
        sellerVKey: payment!.SmartContractWallet!.walletVkey,
        agentIdentifier: simulator.env.AGENT_IDENTIFIER,
        identifierFromPurchaser: PURCHASER,
      });
      expect(payment!.inputHash).toBe(job.input_hash);
      const created = simulator
        .calls()
        .find((c) => c.method === "POST" && c.path === "/api/v1/payment");
      expect((created!.body as Json).payByTime).toMatch(/^\d{4}-\d\d-\d\dT/);

      expect((await statusOf(agent.url, job.id)).status).toBe(
        "awaiting_payment",
      );
      simulator.setState(job.blockchainIdentifier, "FundsLocked");
      await expect
        .poll(async () => (await statusOf(agent.url, job.id)).status, POLL)
        .toBe("completed");
      const { result } = await statusOf(agent.url, job.id);
      expect(result).toBe("Hello, Masumi");
      await expectOneSubmission(simulator, job, result, { network: "Preprod" });
    });

    it("fails the job when the funds are invalid", async () => {
      const job = await startJob(agent.url, { text: "bad funds" });
      simulator.setState(job.blockchainIdentifier, "FundsOrDatumInvalid");
      await expect
        .poll(async () => (await statusOf(agent.url, job.id)).status, POLL)
        .toBe("failed");
      expect((await statusOf(agent.url, job.id)).message).toContain(
        "FundsOrDatumInvalid",
      );
    });

    it("still submits the result when the buyer asks for a refund while the job runs", async () => {
      const job = await startJob(agent.url, {
        text: "refund me",
        review: true,
      });
      simulator.setState(job.blockchainIdentifier, "FundsLocked");
      await expect
        .poll(async () => (await statusOf(agent.url, job.id)).status, POLL)
        .toBe("awaiting_input");
      simulator.setState(job.blockchainIdentifier, "RefundRequested");
      const { id: statusId } = await statusOf(agent.url, job.id);
      const answer = await call(agent.url, "/provide_input", {
        job_id: job.id,
        status_id: statusId,
        input_data: { approve: true },
      });
      expect(answer.status).toBe(200);
      await expect
        .poll(async () => (await statusOf(agent.url, job.id)).status, POLL)
        .toBe("completed");
      // The result disputes the refund, as the payment contract allows.
      await expect
        .poll(
          () =>
            simulator
              .payments()
              .find((p) => p.blockchainIdentifier === job.blockchainIdentifier)
              ?.onChainState,
          POLL,
        )
        .toBe("Disputed");
    });

    it("answers 503 without creating a job while the payment service is down, and recovers", async () => {
      const before = simulator.payments().length;
      simulator.setDown(true);
      try {
        const refused = await call(agent.url, "/start_job", {
          identifier_from_purchaser: PURCHASER,
          input_data: { text: "x" },
        });
        expect(refused.status).toBe(503);
        expect(refused.body).toMatchObject({
          error: "payment_unavailable",
          message: expect.stringContaining("503"),
        });
      } finally {
        simulator.setDown(false);
      }
      expect(simulator.payments()).toHaveLength(before);
      await startJob(agent.url, { text: "x" });
    });

    it("keeps watching through an outage of the payment service", async () => {
      const job = await startJob(agent.url, { text: "patience" });
      const failedBefore = simulator
        .calls()
        .filter((c) => c.status === 503).length;
      simulator.setDown(true);
      simulator.setState(job.blockchainIdentifier, "FundsLocked");
      await expect
        .poll(
          () => simulator.calls().filter((c) => c.status === 503).length,
          POLL,
        )
        .toBeGreaterThan(failedBefore + 1);
      expect((await statusOf(agent.url, job.id)).status).toBe(
        "awaiting_payment",
      );
      simulator.setDown(false);
      await expect
        .poll(async () => (await statusOf(agent.url, job.id)).status, POLL)
        .toBe("completed");
    });

    it("retries the result submission until the payment service answers again", async () => {
      const job = await startJob(agent.url, {
        text: "submit later",
        review: true,
      });
      simulator.setState(job.blockchainIdentifier, "FundsLocked");
      await expect
        .poll(async () => (await statusOf(agent.url, job.id)).status, POLL)
        .toBe("awaiting_input");
      const { id: statusId } = await statusOf(agent.url, job.id);
      simulator.setDown(true);
      await call(agent.url, "/provide_input", {
        job_id: job.id,
        status_id: statusId,
        input_data: { approve: true },
      });
      await expect
        .poll(async () => (await statusOf(agent.url, job.id)).status, POLL)
        .toBe("completed");
      const isSubmission = (c: { path: string; status: number | null }) =>
        c.path === "/api/v1/payment/submit-result";
      await expect
        .poll(
          () =>
            simulator.calls().filter((c) => isSubmission(c) && c.status === 503)
              .length,
          POLL,
        )
        .toBeGreaterThan(0);
      simulator.setDown(false);
      const { result } = await statusOf(agent.url, job.id);
      await expectOneSubmission(simulator, job, result);
      expect((await statusOf(agent.url, job.id)).message).toBeUndefined();
    });

    it("fails the job when the pay-by time passes without a payment", async () => {
      const impatient = await startProject(dir, {
        ...env,
        PAY_BY_WINDOW_MS: "1000",
        DATA_DIR: await tempDir("cma-masumi-payby-"),
      });
      try {
        const job = await startJob(impatient.url, { text: "never paid" });
        await expect
          .poll(
            async () => (await statusOf(impatient.url, job.id)).status,
            POLL,
          )
          .toBe("failed");
        expect((await statusOf(impatient.url, job.id)).message).toMatch(
          /pay-by time/,
        );
      } finally {
        await impatient.stop();
      }
    });

    it.runIf(persistent)(
      "takes up the jobs awaiting payment after a restart",
      async () => {
        const job = await startJob(agent.url, {
          text: "across a restart",
          task: ["title case"],
        });
        await agent.stop();
        simulator.setState(job.blockchainIdentifier, "FundsLocked");
        agent = await startProject(dir, env);
        // Up to a lease (30 s) and a sweep: a stop may leave the job leased to the old process.
        await expect
          .poll(async () => (await statusOf(agent.url, job.id)).status, {
            ...POLL,
            timeout: 60_000,
          })
          .toBe("completed")
          .catch((error: Error) => {
            throw new Error(`${error.message}\n${agent.output()}`);
          });
        await expect
          .poll(
            () =>
              simulator
                .submittedResults()
                .some(
                  (r) => r.blockchainIdentifier === job.blockchainIdentifier,
                ),
            POLL,
          )
          .toBe(true);
      },
      120_000,
    );
  },
);

describe("a masumi agent wired to the simulator passes the conformance check", () => {
  let simulator: PaymentSimulator;
  let agent: RunningServer;

  beforeAll(async () => {
    const stack =
      masumiStacks.find((s) => s.persistence === "memory") ?? masumiStacks[0]!;
    const dir = await generateProject(stack);
    await installProject(dir);
    simulator = await startPaymentSimulator({
      token: randomBytes(16).toString("hex"),
      autoLockMs: 50,
    });
    agent = await startProject(dir, {
      ...simulator.env,
      PAYMENT_POLL_INTERVAL_MS: "50",
      DATA_DIR: await tempDir("cma-masumi-check-"),
    });
  }, 600_000);

  afterAll(async () => {
    await agent?.stop();
    await simulator?.close();
  });

  for (const profile of ["mip-003", "seed"] as const) {
    it(`passes every MUST check of the ${profile} profile, with the marketplace checks green`, async () => {
      const report = await runConformance({ baseUrl: agent.url, profile });
      const failed = report.results
        .filter((r) => r.outcome === "fail")
        .map((r) => r.id);
      expect(failed).toEqual([]);
      expect(report.exitCode).toBe(0);
      const marketplace = report.results.filter((r) => r.id.startsWith("MK-"));
      if (profile === "mip-003") expect(marketplace.length).toBeGreaterThan(0);
      expect(
        marketplace
          .filter((r) => r.outcome !== "pass")
          .map((r) => `${r.id}: ${r.outcome}`),
      ).toEqual([]);
    }, 120_000);
  }
});
