/**
 * Wallet balances as the real service reports them (its low-balance rules): none by default, as
 * recorded; what the admin route says the monitor saw, in GET /wallet/list and GET /wallet.
 */
import { describe, expect, it } from "vitest";
import { call, startSim } from "./helpers.js";

async function sellingWallet(simulator: Awaited<ReturnType<typeof startSim>>) {
  const list = await call(simulator, "GET", "/api/v1/wallet/list?walletType=Selling");
  return list.body.data.Wallets[0] as { id: string; LowBalanceSummary: unknown };
}

describe("wallet balances (low-balance rules)", () => {
  it("reports none until the admin route sets one, then the summary and the rule", async () => {
    const simulator = await startSim();
    const wallet = await sellingWallet(simulator);
    expect(wallet.LowBalanceSummary).toEqual({
      isLow: false,
      lowRuleCount: 0,
      lastCheckedAt: null,
    });
    const before = await call(
      simulator,
      "GET",
      `/api/v1/wallet?walletType=Selling&id=${wallet.id}`,
    );
    expect(before.body.data.LowBalanceRules).toEqual([]);

    const low = { lastKnownAmount: "3200000", thresholdAmount: "5000000" };
    expect(
      (await call(simulator, "POST", `/admin/wallets/${wallet.id}/balance`, { body: low })).status,
    ).toBe(200);
    expect((await sellingWallet(simulator)).LowBalanceSummary).toEqual({
      isLow: true,
      lowRuleCount: 1,
      lastCheckedAt: expect.stringMatching(/^\d{4}-/),
    });
    const after = await call(simulator, "GET", `/api/v1/wallet?walletType=Selling&id=${wallet.id}`);
    expect(after.body.data.LowBalanceRules).toEqual([
      expect.objectContaining({ assetUnit: "lovelace", ...low, enabled: true, status: "Low" }),
    ]);

    // The same asset again replaces its rule.
    const funded = { lastKnownAmount: "90000000", thresholdAmount: "5000000" };
    await call(simulator, "POST", `/admin/wallets/${wallet.id}/balance`, { body: funded });
    const again = await call(simulator, "GET", `/api/v1/wallet?walletType=Selling&id=${wallet.id}`);
    expect(again.body.data.LowBalanceRules).toEqual([
      expect.objectContaining({ ...funded, status: "Healthy" }),
    ]);
    expect(again.body.data.LowBalanceSummary).toMatchObject({ isLow: false, lowRuleCount: 0 });
  });

  it("refuses an amount that is not a whole number, and an unknown wallet", async () => {
    const simulator = await startSim();
    const wallet = await sellingWallet(simulator);
    const bad = await call(simulator, "POST", `/admin/wallets/${wallet.id}/balance`, {
      body: { lastKnownAmount: "3.2", thresholdAmount: "5000000" },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^lastKnownAmount: /);
    const unknown = await call(simulator, "POST", "/admin/wallets/cnothere/balance", {
      body: { lastKnownAmount: "1", thresholdAmount: "2" },
    });
    expect(unknown.status).toBe(404);
  });
});
