/**
 * doctor's balance check: the selling wallets of the agent's payment source (its network and
 * type), as the payment service sees them. The service knows a balance only where one of its
 * low-balance rules watches the wallet (GET /wallet's LowBalanceRules). A low balance warns and
 * does not block: payments still arrive, but results and withdrawals take their fees from it.
 */
import type { PaymentConfig } from "../payment/masumi/index.ts";
import type { PaymentServiceClient } from "../payment/masumi/payment-service.ts";

export interface BalanceReport {
  warnings: string[];
  /** What was found and is fine, or could not be known. */
  notes: string[];
}

/** A raw on-chain amount for people: lovelace in ADA, other assets in their raw units. */
function formatAmount(raw: string, assetUnit: string): string {
  if (assetUnit !== "lovelace") return `${raw} of ${assetUnit}`;
  const digits = raw.padStart(7, "0");
  const fraction = digits.slice(-6).replace(/0+$/, "");
  return `${digits.slice(0, -6)}${fraction ? `.${fraction}` : ""} ADA`;
}

export async function balanceReport(
  client: PaymentServiceClient,
  config: Pick<PaymentConfig, "network" | "paymentSourceType">,
): Promise<BalanceReport> {
  const sources = (await client.paymentSources()).filter(
    (source) =>
      source.network === config.network && source.paymentSourceType === config.paymentSourceType,
  );
  const sourceIds = new Set(sources.map((source) => source.id));
  const wallets = (await client.sellingWallets()).filter((wallet) =>
    sourceIds.has(wallet.paymentSourceId),
  );
  const report: BalanceReport = { warnings: [], notes: [] };
  for (const wallet of wallets) {
    const name = `selling wallet ${wallet.walletAddress}`;
    const rules = (await client.sellingWalletRules(wallet.id)).filter(
      (rule) => rule.enabled && rule.lastKnownAmount !== null,
    );
    if (rules.length === 0) {
      report.notes.push(
        `${name}: the payment service reports no balance for it (no low-balance rule has checked it)`,
      );
    }
    for (const rule of rules) {
      const holds = `${name} holds ${formatAmount(rule.lastKnownAmount!, rule.assetUnit)}`;
      const threshold = formatAmount(rule.thresholdAmount, rule.assetUnit);
      if (rule.status === "Low") {
        report.warnings.push(
          `${holds}, below the ${threshold} of its low-balance rule: fees of results and withdrawals come from it; top it up`,
        );
      } else report.notes.push(`${holds} (its low-balance rule warns below ${threshold})`);
    }
  }
  return report;
}
