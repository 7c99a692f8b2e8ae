import { describe, expect, it } from "vitest";
import type { PaymentSimulator } from "../../packages/masumi-agent/src/payment-sim/index.js";
import { call, createPayment, startSim } from "./helpers.js";

/**
 * Creates `count` payments, each for its own purchaser: two identical requests within the same
 * millisecond (their times come from Date.now()) would be one payment, answered 409 the second time.
 */
async function createMany(sim: PaymentSimulator, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < count; index++) {
    const identifierFromPurchaser = `a1b2c3d4e5f6${index.toString(16).padStart(4, "0")}`;
    ids.push((await createPayment(sim, { identifierFromPurchaser })).id as string);
  }
  return ids;
}

/** Lists the default (V2) seller's payments: without the type filter the listing shows V1 rows only. */
async function list(sim: PaymentSimulator, query: string) {
  return call(sim, "GET", `/api/v1/payment?filterPaymentSourceType=Web3CardanoV2&${query}`);
}

describe("GET /api/v1/payment", () => {
  it("pages 10 payments by default, newest first", async () => {
    const sim = await startSim();
    const ids = await createMany(sim, 12);
    const { status, body } = await list(sim, "network=Preprod");
    expect(status).toBe(200);
    expect(body.status).toBe("success");
    expect(body.data.Payments.map((payment: { id: string }) => payment.id)).toEqual(ids.slice().reverse().slice(0, 10));
    // Listings carry the history fields, null unless asked for.
    expect(body.data.Payments[0].TransactionHistory).toBeNull();
    expect(body.data.Payments[0].ActionHistory).toBeNull();
  });

  it("continues from cursorId, starting at the cursor itself as the real (Prisma) query does", async () => {
    const sim = await startSim();
    const newestFirst = (await createMany(sim, 23)).reverse();

    const first = (await list(sim, "network=Preprod")).body.data.Payments.map((payment: { id: string }) => payment.id);
    const cursor = first.at(-1);
    const second = (await list(sim, `network=Preprod&cursorId=${cursor}`)).body.data.Payments.map(
      (payment: { id: string }) => payment.id,
    );
    expect(second[0]).toBe(cursor);
    expect(second).toEqual(newestFirst.slice(9, 19));

    // A client that drops the repeated cursor sees every payment exactly once.
    const seen: string[] = [];
    let cursorId: string | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const page = (
        await list(sim, `network=Preprod${cursorId ? `&cursorId=${cursorId}` : ""}`)
      ).body.data.Payments.map((payment: { id: string }) => payment.id);
      const fresh = page.filter((id: string) => id !== cursorId);
      if (fresh.length === 0) break;
      seen.push(...fresh);
      cursorId = page.at(-1);
    }
    expect(seen).toEqual(newestFirst);
  });

  it("takes limit up to 100, and answers an unknown cursor with an empty page", async () => {
    const sim = await startSim();
    await createMany(sim, 12);
    expect((await list(sim, "network=Preprod&limit=100")).body.data.Payments).toHaveLength(12);
    expect((await list(sim, "network=Preprod&limit=3")).body.data.Payments).toHaveLength(3);
    expect((await list(sim, "network=Preprod&cursorId=cunknown")).body.data.Payments).toEqual([]);
  });

  it.each([
    ["network=Preprod&limit=0", "limit: Too small: expected number to be >=1"],
    ["network=Preprod&limit=101", "limit: Too big: expected number to be <=100"],
    ["network=Preprod&limit=ten", "limit: Invalid input: expected number, received NaN"],
    ["limit=5", 'network: Invalid option: expected one of "Preprod"|"Mainnet"'],
    ["network=Preprod&filterOnChainState=Paid", "filterOnChainState: Invalid option: expected one of "],
  ])("rejects ?%s with 400", async (query, message) => {
    const sim = await startSim();
    const { status, body } = await list(sim, query);
    expect(status).toBe(400);
    expect(body.status).toBe("error");
    expect(body.error.message.startsWith(message)).toBe(true);
  });

  it("lists one network only, filters by on-chain state, and includes history on request", async () => {
    const sim = await startSim();
    const preprod = await createPayment(sim);
    const mainnet = await createPayment(sim, { network: "Mainnet" });
    sim.setState(preprod.id, "FundsLocked");
    await createPayment(sim);

    const ids = (query: string) =>
      list(sim, query).then(({ body }) => body.data.Payments.map((p: { id: string }) => p.id));
    expect(await ids("network=Mainnet")).toEqual([mainnet.id]);
    expect(await ids("network=Preprod&filterOnChainState=FundsLocked")).toEqual([preprod.id]);

    const withHistory = await list(sim, "network=Preprod&filterOnChainState=FundsLocked&includeHistory=true");
    expect(withHistory.body.data.Payments[0].TransactionHistory).toEqual([]);
    expect(withHistory.body.data.Payments[0].CurrentTransaction).toMatchObject({
      status: "Confirmed",
      previousOnChainState: null,
      newOnChainState: "FundsLocked",
    });
  });
});

describe("POST /api/v1/payment/resolve-blockchain-identifier", () => {
  it("answers the one payment, as the listing shows it", async () => {
    const sim = await startSim();
    const created = await createPayment(sim);
    await createPayment(sim);
    const { status, body } = await call(sim, "POST", "/api/v1/payment/resolve-blockchain-identifier", {
      body: { network: "Preprod", blockchainIdentifier: created.blockchainIdentifier },
    });
    expect(status).toBe(200);
    expect(body.status).toBe("success");
    expect(body.data).toEqual({ ...created, ActionHistory: null, TransactionHistory: null });
  });

  it("answers 404 'Payment not found' for an unknown identifier or another network", async () => {
    const sim = await startSim();
    const created = await createPayment(sim);
    for (const body of [
      { network: "Preprod", blockchainIdentifier: "00ff" },
      { network: "Mainnet", blockchainIdentifier: created.blockchainIdentifier },
    ]) {
      const answer = await call(sim, "POST", "/api/v1/payment/resolve-blockchain-identifier", { body });
      expect(answer.status).toBe(404);
      expect(answer.body).toEqual({ status: "error", error: { message: "Payment not found" } });
    }
  });

  it("validates its input like the real schema", async () => {
    const sim = await startSim();
    const { status, body } = await call(sim, "POST", "/api/v1/payment/resolve-blockchain-identifier", {
      body: { network: "Preprod", includeHistory: true },
    });
    expect(status).toBe(400);
    expect(body.error.message).toBe(
      "blockchainIdentifier: Invalid input: expected string, received undefined; includeHistory: Invalid input: expected string, received boolean",
    );
  });
});
