import { createHash, randomBytes } from "node:crypto";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canonicalize } from "../../packages/masumi-agent/src/check/hash.js";
import { runConformance } from "../../packages/masumi-agent/src/check/index.js";
import { normalForm } from "../../packages/masumi-agent/src/check/input-schema/normal-form.js";
import {
  defaultSeed,
  startPaymentSimulator,
  type PaymentSimulator,
} from "../../packages/masumi-agent/src/payment-sim/index.js";
import { supportedStacks } from "../../src/stack/combinations.js";
import { tempDir } from "../helpers/cli.js";
import {
  buildProject,
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

type SourceType = "Web3CardanoV2" | "Web3CardanoV1";

/**
 * input_schema_hash as Sokosumi sends it (spec 4.3): sha256 of the JCS of the inner array of the
 * schema's normal form (JCS: the canonicalize package), computed from the schema /status served.
 */
function sokosumiSchemaHash(schema: Record<string, unknown>): string {
  const [inner] = Object.values(normalForm(schema));
  return createHash("sha256").update(canonicalize(inner)).digest("hex");
}

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

    it("asks again, identically, when the connection drops before the answer", async () => {
      const before = simulator.payments().length;
      // Only the create is dropped: the agent keeps polling the payments of earlier jobs.
      simulator.failNext(1, "reset", { method: "POST", path: "/api/v1/payment" });
      const job = await startJob(agent.url, { text: "dropped" });
      const creates = simulator
        .calls()
        .filter((c) => c.method === "POST" && c.path === "/api/v1/payment")
        .slice(-2);
      expect(creates.map((c) => c.status)).toEqual([null, 200]);
      expect(creates[1]!.body).toEqual(creates[0]!.body);
      expect(simulator.payments()).toHaveLength(before + 1);
      expect(simulator.payments().at(-1)!.blockchainIdentifier).toBe(
        job.blockchainIdentifier,
      );
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

    it("keeps waiting past the pay-by time, and fails the job once the service gives the payment up", async () => {
      const impatient = await startProject(dir, {
        ...env,
        PAY_BY_WINDOW_MS: "1000",
        DATA_DIR: await tempDir("cma-masumi-payby-"),
      });
      try {
        const job = await startJob(impatient.url, { text: "never paid" });
        // Polls after the pay-by time: the service itself waits 5 more minutes, so does the agent.
        const pollsAfterPayBy = () =>
          simulator
            .calls()
            .filter(
              (c) =>
                c.path === "/api/v1/payment" &&
                c.method === "GET" &&
                Date.parse(c.at) > job.payByTime,
            ).length;
        await expect.poll(pollsAfterPayBy, POLL).toBeGreaterThan(2);
        expect((await statusOf(impatient.url, job.id)).status).toBe(
          "awaiting_payment",
        );
        // 5 minutes later on the service's clock, the unpaid payment is FundsOrDatumInvalid.
        simulator.advanceClock(5 * 60_000 + 1_000);
        await expect
          .poll(
            async () => (await statusOf(impatient.url, job.id)).status,
            POLL,
          )
          .toBe("failed");
        expect((await statusOf(impatient.url, job.id)).message).toContain(
          "FundsOrDatumInvalid",
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

    describe.each(["Web3CardanoV2", "Web3CardanoV1"] as const)(
      "a paid job of a %s source",
      (sourceType: SourceType) => {
        let sim: PaymentSimulator;
        let paid: RunningServer;
        const isV2 = sourceType === "Web3CardanoV2";

        beforeAll(async () => {
          // Results stay SubmitResultRequested until the test moves the chain on.
          sim = await startPaymentSimulator({
            token: randomBytes(16).toString("hex"),
            sourceType,
            resultConfirmMs: null,
          });
          expect(sim.env).toMatchObject({ PAYMENT_SOURCE_TYPE: sourceType });
          // The store's settings of this describe, the payment service's of this simulator.
          paid = await startProject(dir, {
            ...env,
            PAYMENT_SOURCE_INDEX: "", // a V1 simulator prints none
            ...sim.env,
            DATA_DIR: await tempDir("cma-masumi-source-"),
          });
        }, 120_000);

        afterAll(async () => {
          await paid?.stop();
          await sim?.close();
        });

        it("goes through every state, a question answered as Sokosumi answers it", async () => {
          const job = await startJob(paid.url, {
            text: "every state",
            review: true,
          });
          const bid = job.blockchainIdentifier;
          // What the agent asked the service for: the source type, the index for V2 only.
          const created = sim
            .calls()
            .filter((c) => c.method === "POST" && c.path === "/api/v1/payment")
            .at(-1)!.body as Json;
          expect(created.paymentSourceType).toBe(sourceType);
          expect(job.paymentSourceType).toBe(sourceType);
          if (isV2) {
            expect(created.supportedPaymentSourceIndex).toBe(0);
            expect(job.supportedPaymentSourceIndex).toBe(0);
          } else {
            expect(created).not.toHaveProperty("supportedPaymentSourceIndex");
            expect(job).not.toHaveProperty("supportedPaymentSourceIndex");
          }
          expect((await statusOf(paid.url, job.id)).status).toBe(
            "awaiting_payment",
          );

          sim.simulate(bid, "lock");
          await expect
            .poll(async () => (await statusOf(paid.url, job.id)).status, POLL)
            .toBe("awaiting_input");
          // The watcher saw the funds in the list of its own source type, not one by one.
          const lists = sim
            .calls()
            .filter((c) => c.method === "GET" && c.path === "/api/v1/payment");
          expect(lists.length).toBeGreaterThan(0);
          expect(
            new Set(lists.map((c) => c.query.filterPaymentSourceType)),
          ).toEqual(new Set([sourceType]));
          const resolves = sim
            .calls()
            .filter(
              (c) =>
                c.path === "/api/v1/payment/resolve-blockchain-identifier" &&
                (c.body as Json)?.blockchainIdentifier === bid,
            );
          expect(resolves).toEqual([]);

          const question = await statusOf(paid.url, job.id);
          expect(question.input_schema).toBeDefined();
          const answer = await call(paid.url, "/provide_input", {
            job_id: job.id,
            input_schema_hash: sokosumiSchemaHash(question.input_schema),
            input_data: { approve: true },
          });
          expect(answer.status, JSON.stringify(answer.body)).toBe(200);
          expect(answer.body.input_hash).toMatch(/^[0-9a-f]{64}$/);
          await expect
            .poll(async () => (await statusOf(paid.url, job.id)).status, POLL)
            .toBe("completed");
          const { result } = await statusOf(paid.url, job.id);
          await expectOneSubmission(sim, job, result);
          const hash = expectedResultHash(PURCHASER, result);
          const payment = () =>
            sim.payments().find((p) => p.blockchainIdentifier === bid)!;
          expect(payment().NextAction).toMatchObject({
            requestedAction: "SubmitResultRequested",
            resultHash: hash,
          });

          // The chain's part: the result transaction, its confirmation, the seller's withdrawal.
          sim.simulate(bid, "submit-initiated");
          expect(payment().NextAction.requestedAction).toBe(
            "SubmitResultInitiated",
          );
          sim.simulate(bid, "result-submitted");
          expect(payment()).toMatchObject({
            onChainState: "ResultSubmitted",
            resultHash: hash,
          });
          sim.simulate(bid, "withdrawn");
          expect(payment().onChainState).toBe("Withdrawn");
          const final = await statusOf(paid.url, job.id);
          expect(final).toMatchObject({ status: "completed", result });
          expect(final.message).toBeUndefined();
          await expectOneSubmission(sim, job, result);
        });
      },
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

describe.each(["Web3CardanoV2", "Web3CardanoV1"] as const)(
  "the generated project's own tests, against a %s simulator",
  (sourceType: SourceType) => {
    it("pass", async () => {
      const stack = masumiStacks.find((s) => s.persistence === "memory")!;
      const dir = await generateProject(stack);
      await installProject(dir);
      // As its README says: the simulator, locking each payment after 20 ms, its variables set.
      const simulator = await startPaymentSimulator({
        token: randomBytes(16).toString("hex"),
        sourceType,
        autoLockMs: 20,
      });
      try {
        const tests = await execa("npm", ["test"], {
          cwd: dir,
          env: { ...simulator.env },
          reject: false,
          all: true,
          timeout: 300_000,
        });
        expect(tests.exitCode, tests.all).toBe(0);
      } finally {
        await simulator.close();
      }
    }, 600_000);
  },
);

describe("the payment source settings, checked at start against the agent's registration", () => {
  let dir: string;
  let simulator: PaymentSimulator;
  let agentIdentifier: string;

  /** GET or POST on the simulator's API with its admin key; the answer's data. */
  async function service(path: string, body?: unknown): Promise<Json> {
    const response = await fetch(`${simulator.apiUrl}${path}`, {
      method: body === undefined ? "GET" : "POST",
      headers: {
        token: simulator.env.PAYMENT_API_KEY,
        "content-type": "application/json",
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await response.json()) as Json;
    expect(response.status, JSON.stringify(json)).toBe(200);
    return json.data;
  }

  beforeAll(async () => {
    const stack = masumiStacks.find((s) => s.persistence === "memory")!;
    dir = await generateProject(stack);
    await installProject(dir);
    // startWith runs the start script itself, which runs the build's output.
    await buildProject(dir);
    simulator = await startPaymentSimulator({
      token: randomBytes(16).toString("hex"),
      autoLockMs: 50,
    });
    // Registers an agent with two priced sources, as MIP-003 section 6 does, and mints it.
    const [source] = (
      await service("/payment-source?take=10")
    ).PaymentSources.filter(
      (s: Json) =>
        s.network === "Preprod" && s.paymentSourceType === "Web3CardanoV2",
    );
    const [selling] = (
      await service(
        `/wallet/list?walletType=Selling&paymentSourceId=${source.id}`,
      )
    ).Wallets;
    const priced = (amount: string) => ({
      chain: "Cardano",
      network: "Preprod",
      paymentSourceType: "Web3CardanoV2",
      address: source.smartContractAddress,
      pricing: { pricingType: "Fixed", fixed: [{ asset: "", amount }] },
    });
    const registration = await service("/registry", {
      network: "Preprod",
      sellingWalletVkey: selling.walletVkey,
      name: "Checked agent",
      description: "registered by the e2e test",
      apiBaseUrl: "https://agent.example.com",
      Capability: { name: "check", version: "1.0.0" },
      Author: { name: "Tester" },
      Tags: ["test"],
      ExampleOutputs: [],
      supportedPaymentSources: [priced("2000000"), priced("3000000")],
    });
    const minted = simulator.simulateRegistration(
      registration.id,
      "registration-initiated",
    ) as Json;
    agentIdentifier = minted.agentIdentifier;
    expect(agentIdentifier).toMatch(/^[0-9a-f]{120}$/);
  }, 600_000);

  afterAll(async () => {
    await simulator?.close();
  });

  function startWith(settings: Record<string, string>) {
    return execa("npm", ["run", "start"], {
      cwd: dir,
      env: {
        ...simulator.env,
        AGENT_IDENTIFIER: agentIdentifier,
        PORT: "0",
        DATA_DIR: "data/start-check",
        ...settings,
      },
      reject: false,
      all: true,
      timeout: 60_000,
    });
  }

  it.each([
    [
      { PAYMENT_SOURCE_INDEX: "2" },
      "PAYMENT_SOURCE_INDEX 2 is not advertised by this agent",
    ],
    [
      { PAYMENT_SOURCE_TYPE: "Web3CardanoV1", PAYMENT_SOURCE_INDEX: "" },
      "PAYMENT_SOURCE_TYPE is Web3CardanoV1, but the agent is registered through a Web3CardanoV2",
    ],
  ])(
    "refuses to start with %j, saying why in one line",
    async (settings, problem) => {
      const start = await startWith(settings);
      expect(start.exitCode, start.all).toBe(1);
      const errors = start
        .all!.split("\n")
        .filter((line) => line.includes("Configuration error"));
      expect(errors).toEqual([expect.stringContaining(problem)]);
    },
    60_000,
  );

  it("takes payments at the price of the registered source it names", async () => {
    const agent = await startProject(dir, {
      ...simulator.env,
      AGENT_IDENTIFIER: agentIdentifier,
      PAYMENT_SOURCE_INDEX: "1",
      PAYMENT_POLL_INTERVAL_MS: "50",
      DATA_DIR: await tempDir("cma-masumi-registered-"),
    });
    try {
      expect(agent.output()).not.toContain("are not checked");
      const job = await startJob(agent.url, {
        text: "priced",
        task: ["title case"],
      });
      expect(job).toMatchObject({
        agentIdentifier,
        supportedPaymentSourceIndex: 1,
      });
      const payment = simulator
        .payments()
        .find((p) => p.blockchainIdentifier === job.blockchainIdentifier)!;
      expect(payment.RequestedFunds).toEqual([{ amount: "3000000", unit: "" }]);
      await expect
        .poll(async () => (await statusOf(agent.url, job.id)).status, POLL)
        .toBe("completed");
    } finally {
      await agent.stop();
    }
  });
});

describe("a result submitted with another API key than the one that created the payment", () => {
  it("is refused (403), not retried, and the job says why", async () => {
    const stack = masumiStacks.find((s) => s.persistence === "sqlite")!;
    const dir = await generateProject(stack);
    await installProject(dir);
    const admin = randomBytes(16).toString("hex");
    const [creator, other] = [
      randomBytes(16).toString("hex"),
      randomBytes(16).toString("hex"),
    ];
    const seed = defaultSeed({ token: admin });
    for (const [id, token] of [
      ["creator", creator],
      ["other", other],
    ] as const) {
      seed.apiKeys.push({
        id,
        token,
        permission: "ReadAndPay",
        networks: ["Preprod"],
        status: "Active",
      });
    }
    const simulator = await startPaymentSimulator({ token: admin, seed });
    const dataDir = await tempDir("cma-masumi-keys-");
    const env = {
      ...simulator.env,
      PAYMENT_POLL_INTERVAL_MS: "50",
      DATA_DIR: dataDir,
    };
    let agent = await startProject(dir, { ...env, PAYMENT_API_KEY: creator });
    try {
      const job = await startJob(agent.url, { text: "keys", review: true });
      simulator.simulate(job.blockchainIdentifier, "lock");
      await expect
        .poll(async () => (await statusOf(agent.url, job.id)).status, POLL)
        .toBe("awaiting_input");
      // The agent comes back with another key, and the buyer answers.
      await agent.stop();
      agent = await startProject(dir, { ...env, PAYMENT_API_KEY: other });
      const answer = await call(agent.url, "/provide_input", {
        job_id: job.id,
        status_id: (await statusOf(agent.url, job.id)).id,
        input_data: { approve: true },
      });
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      await expect
        .poll(async () => (await statusOf(agent.url, job.id)).message, POLL)
        .toMatch(/403.*only the API key that created the payment/);
      expect((await statusOf(agent.url, job.id)).status).toBe("completed");
      const submissions = simulator
        .calls()
        .filter((c) => c.path === "/api/v1/payment/submit-result");
      expect(submissions.map((c) => c.status)).toEqual([403]);
    } finally {
      await agent.stop();
      await simulator.close();
    }
  }, 600_000);
});
