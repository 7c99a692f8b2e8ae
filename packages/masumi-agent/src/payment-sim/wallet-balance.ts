/**
 * Wallet balances as the real service knows them: through its low-balance rules, each the last
 * amount of one asset its monitor saw on chain. `LowBalanceSummary` is in GET /wallet/list and
 * GET /wallet, the rules themselves (with the amounts) in GET /wallet only. Without a chain, the
 * seed or the simulator's own admin route says what the monitor saw:
 *
 * - `POST /admin/wallets/<wallet id>/balance {"lastKnownAmount": "3200000", "thresholdAmount":
 *   "5000000", "assetUnit"?: "lovelace"}` sets the wallet's rule for that asset (a new one, or
 *   replacing the one it had), checked now.
 */
import type { Catalog } from "./catalog.js";
import { Issues, checkString } from "./field-checks.js";
import { HttpError } from "./http-io.js";
import { derivedId } from "./identifiers.js";
import type { LowBalanceRuleRecord, WalletRecord } from "./model.js";
import type { Parsed } from "./request-schemas.js";
import { inputOrFail, type Route } from "./router.js";

function isLow(rule: LowBalanceRuleRecord): boolean {
  return BigInt(rule.lastKnownAmount) < BigInt(rule.thresholdAmount);
}

export function lowBalanceSummaryJson(wallet: WalletRecord) {
  const rules = wallet.lowBalanceRules ?? [];
  const lastChecked = Math.max(...rules.map((rule) => rule.lastCheckedAt.getTime()));
  return {
    isLow: rules.some(isLow),
    lowRuleCount: rules.filter(isLow).length,
    lastCheckedAt: rules.length > 0 ? new Date(lastChecked).toISOString() : null,
  };
}

export function lowBalanceRulesJson(wallet: WalletRecord) {
  return (wallet.lowBalanceRules ?? []).map((rule) => ({
    id: rule.id,
    assetUnit: rule.assetUnit,
    thresholdAmount: rule.thresholdAmount,
    enabled: true,
    status: isLow(rule) ? "Low" : "Healthy",
    lastKnownAmount: rule.lastKnownAmount,
    lastCheckedAt: rule.lastCheckedAt.toISOString(),
    // The monitor alerts when a rule turns low; here it turned low when it was last checked.
    lastAlertedAt: isLow(rule) ? rule.lastCheckedAt.toISOString() : null,
  }));
}

type BalanceInput = Pick<LowBalanceRuleRecord, "assetUnit" | "thresholdAmount" | "lastKnownAmount">;

function parseBalance(body: Record<string, unknown>): Parsed<BalanceInput> {
  const issues = new Issues();
  const rawAmount = (name: string) => {
    const value = checkString(issues, name, body[name]);
    if (value !== undefined && !/^\d{1,18}$/.test(value)) {
      issues.add(name, "expected a whole amount in raw on-chain units");
    }
    return value;
  };
  const value = {
    lastKnownAmount: rawAmount("lastKnownAmount"),
    thresholdAmount: rawAmount("thresholdAmount"),
    assetUnit:
      body.assetUnit === undefined
        ? "lovelace"
        : checkString(issues, "assetUnit", body.assetUnit, { min: 1, max: 500 }),
  };
  return issues.empty
    ? { ok: true, value: value as BalanceInput }
    : { ok: false, message: issues.toString() };
}

export function walletBalanceRoutes(catalog: Catalog, now: () => number): Route[] {
  return [
    {
      method: "POST",
      path: "/admin/wallets/:id/balance",
      access: "admin",
      handle: ({ body, params }) => {
        const input = inputOrFail(parseBalance(body));
        const wallet = catalog.sources
          .flatMap((source) => [source.sellingWallet, source.purchasingWallet])
          .find((candidate) => candidate.id === params.id);
        if (!wallet) throw new HttpError(404, "Wallet not found");
        const others = (wallet.lowBalanceRules ?? []).filter(
          (rule) => rule.assetUnit !== input.assetUnit,
        );
        const rule = {
          id: derivedId(`${wallet.id}/${input.assetUnit}/low-balance-rule`),
          ...input,
          lastCheckedAt: new Date(now()),
        };
        wallet.lowBalanceRules = [...others, rule];
        return {
          LowBalanceSummary: lowBalanceSummaryJson(wallet),
          LowBalanceRules: lowBalanceRulesJson(wallet),
        };
      },
    },
  ];
}
