/**
 * The read side of the node's own setup: `GET /payment-source` (the contracts it runs, newest
 * first), `GET /wallet/list` (their selling and purchasing wallets, admin only) and `GET /wallet`
 * (one wallet with its low-balance rules, admin only). The selling wallet's vkey, which a
 * registration needs, is only in the wallet routes.
 */
import type { Catalog } from "./catalog.js";
import { Issues, checkCoercedNumber, checkEnum, checkString } from "./field-checks.js";
import type { PaymentSourceRecord, WalletRecord } from "./model.js";
import type { Parsed } from "./request-schemas.js";
import { HttpError } from "./http-io.js";
import { inputOrFail, type Route } from "./router.js";
import { lowBalanceRulesJson, lowBalanceSummaryJson } from "./wallet-balance.js";

const WALLET_TYPES = ["Selling", "Purchasing"] as const;
type WalletType = (typeof WALLET_TYPES)[number];

function finish<T>(issues: Issues, value: T): Parsed<T> {
  return issues.empty ? { ok: true, value } : { ok: false, message: issues.toString() };
}

function parsePage(
  query: Record<string, unknown>,
): Parsed<{ take: number; cursorId: string | undefined }> {
  const issues = new Issues();
  const take = checkCoercedNumber(issues, "take", query.take, { min: 1, max: 100, fallback: 10 });
  const cursorId =
    query.cursorId === undefined ? undefined : checkString(issues, "cursorId", query.cursorId);
  return finish(issues, { take, cursorId } as { take: number; cursorId: string | undefined });
}

interface WalletQuery {
  take: number;
  paymentSourceId: string | undefined;
  walletType: WalletType | undefined;
  walletVkey: string | undefined;
}

function parseWalletList(query: Record<string, unknown>): Parsed<WalletQuery> {
  const issues = new Issues();
  const optional = (name: string) =>
    query[name] === undefined ? undefined : checkString(issues, name, query[name]);
  const value = {
    take: checkCoercedNumber(issues, "take", query.take, { min: 1, max: 100, fallback: 10 }),
    paymentSourceId: optional("paymentSourceId"),
    walletType:
      query.walletType === undefined
        ? undefined
        : checkEnum(issues, "walletType", query.walletType, WALLET_TYPES),
    walletVkey: optional("walletVkey"),
  };
  return finish(issues, value as WalletQuery);
}

interface OneWalletQuery {
  walletType: WalletType;
  id: string;
  includeSecret: boolean;
}

function parseOneWallet(query: Record<string, unknown>): Parsed<OneWalletQuery> {
  const issues = new Issues();
  const value = {
    walletType: checkEnum(issues, "walletType", query.walletType, WALLET_TYPES),
    id: checkString(issues, "id", query.id),
    includeSecret: query.includeSecret?.toString().toLowerCase() === "true",
  };
  return finish(issues, value as OneWalletQuery);
}

function paymentSourceJson(source: PaymentSourceRecord) {
  const { administration } = source;
  return {
    id: source.id,
    createdAt: source.createdAt.toISOString(),
    updatedAt: source.createdAt.toISOString(),
    network: source.network,
    paymentSourceType: source.paymentSourceType,
    requiredAdminSignatures: administration.requiredAdminSignatures,
    policyId: source.policyId,
    smartContractAddress: source.smartContractAddress,
    lastIdentifierChecked: null,
    lastCheckedAt: null,
    AdminWallets: administration.AdminWallets,
    FeeReceiverNetworkWallet: administration.feeReceiverAddress && {
      walletAddress: administration.feeReceiverAddress,
    },
    feeRatePermille: administration.feeRatePermille,
  };
}

function walletJson(source: PaymentSourceRecord, type: WalletType, wallet: WalletRecord) {
  return {
    id: wallet.id,
    paymentSourceId: source.id,
    type,
    walletVkey: wallet.walletVkey,
    walletAddress: wallet.walletAddress,
    collectionAddress: wallet.collectionAddress,
    note: wallet.note,
    LowBalanceSummary: lowBalanceSummaryJson(wallet),
  };
}

export function sourceRoutes(catalog: Catalog): Route[] {
  const newestFirst = () =>
    [...catalog.sources].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  return [
    {
      method: "GET",
      path: "/api/v1/payment-source",
      access: "read",
      handle: ({ query }) => {
        const { take, cursorId } = inputOrFail(parsePage(query));
        const sources = newestFirst();
        const start =
          cursorId === undefined ? 0 : sources.findIndex((source) => source.id === cursorId);
        return {
          PaymentSources: (start < 0 ? [] : sources.slice(start, start + take)).map(
            paymentSourceJson,
          ),
        };
      },
    },
    {
      method: "GET",
      path: "/api/v1/wallet/list",
      access: "admin",
      handle: ({ query }) => {
        const input = inputOrFail(parseWalletList(query));
        const wallets = newestFirst()
          .filter(
            (source) => input.paymentSourceId === undefined || source.id === input.paymentSourceId,
          )
          .flatMap((source) => [
            walletJson(source, "Selling", source.sellingWallet),
            walletJson(source, "Purchasing", source.purchasingWallet),
          ])
          .filter((wallet) => input.walletType === undefined || wallet.type === input.walletType)
          .filter(
            (wallet) => input.walletVkey === undefined || wallet.walletVkey === input.walletVkey,
          );
        return { Wallets: wallets.slice(0, input.take) };
      },
    },
    {
      method: "GET",
      path: "/api/v1/wallet",
      access: "admin",
      handle: ({ query }) => {
        const input = inputOrFail(parseOneWallet(query));
        // The simulated wallets have no mnemonic to show.
        if (input.includeSecret)
          throw new HttpError(
            501,
            "GET /api/v1/wallet?includeSecret=true is not simulated by payment-sim",
          );
        const wallet = catalog.sources
          .map((source) =>
            input.walletType === "Selling" ? source.sellingWallet : source.purchasingWallet,
          )
          .find((candidate) => candidate.id === input.id);
        if (!wallet) throw new HttpError(404, `${input.walletType} wallet not found`);
        return {
          PendingTransaction: null,
          note: wallet.note,
          walletVkey: wallet.walletVkey,
          walletAddress: wallet.walletAddress,
          collectionAddress: wallet.collectionAddress,
          LowBalanceSummary: lowBalanceSummaryJson(wallet),
          LowBalanceRules: lowBalanceRulesJson(wallet),
        };
      },
    },
  ];
}
