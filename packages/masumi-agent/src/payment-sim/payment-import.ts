/**
 * A payment that existed before the simulator started, given as the API shows it (e.g. copied
 * from a recorded listing), turned back into the simulator's record. Its payment source must be
 * one of the seed's.
 */
import type { Catalog } from "./catalog.js";
import type { ActionRecord, PaymentRecord, TransactionRecord } from "./model.js";
import type { ActionJson, PaymentJson, TransactionJson } from "./payment-json.js";

function action(json: ActionJson | PaymentJson["NextAction"], fallbackDate: Date): ActionRecord {
  const withDates = json as Partial<ActionJson>;
  return {
    id: withDates.id ?? `${fallbackDate.getTime()}`,
    createdAt: withDates.createdAt ? new Date(withDates.createdAt) : fallbackDate,
    updatedAt: withDates.updatedAt ? new Date(withDates.updatedAt) : fallbackDate,
    requestedAction: json.requestedAction,
    errorType: json.errorType,
    errorNote: json.errorNote,
    resultHash: json.resultHash,
    submittedTxHash: withDates.submittedTxHash ?? null,
  };
}

function transaction(json: TransactionJson): TransactionRecord {
  return {
    ...json,
    txHash: json.txHash ?? "",
    createdAt: new Date(json.createdAt),
    updatedAt: new Date(json.updatedAt),
  };
}

export function paymentFromJson(json: PaymentJson, catalog: Catalog): PaymentRecord {
  const source = catalog.sourceById(json.PaymentSource.id);
  if (!source) throw new Error(`Seeded payment ${json.id}: unknown payment source ${json.PaymentSource.id}`);
  const updatedAt = new Date(json.updatedAt);
  return {
    id: json.id,
    createdAt: new Date(json.createdAt),
    updatedAt,
    network: json.PaymentSource.network,
    source,
    agentName: json.agentName ?? "",
    pricingType: json.pricingType,
    requestedFunds: json.RequestedFunds,
    requestedById: json.requestedById,
    blockchainIdentifier: json.blockchainIdentifier,
    agentIdentifier: json.agentIdentifier ?? "",
    identifierFromPurchaser: "",
    inputHash: json.inputHash ?? "",
    resultHash: json.resultHash ?? "",
    metadata: json.metadata,
    payByTime: Number(json.payByTime),
    submitResultTime: Number(json.submitResultTime),
    unlockTime: Number(json.unlockTime),
    externalDisputeUnlockTime: Number(json.externalDisputeUnlockTime),
    onChainState: json.onChainState,
    nextAction: action(json.NextAction, new Date(json.nextActionLastChangedAt)),
    actionHistory: (json.ActionHistory ?? []).map((entry) => action(entry, updatedAt)),
    currentTransaction: json.CurrentTransaction ? transaction(json.CurrentTransaction) : null,
    transactionHistory: (json.TransactionHistory ?? []).map(transaction),
    buyerWallet: json.BuyerWallet,
    sellerReturnAddress: json.sellerReturnAddress,
    buyerReturnAddress: json.buyerReturnAddress,
    collateralReturnLovelace: json.collateralReturnLovelace,
    totalBuyerCardanoFees: json.totalBuyerCardanoFees,
    totalSellerCardanoFees: json.totalSellerCardanoFees,
    cooldownTime: json.cooldownTime,
    withdrawnForSeller: json.WithdrawnForSeller,
    withdrawnForBuyer: json.WithdrawnForBuyer,
    nextActionLastChangedAt: new Date(json.nextActionLastChangedAt),
    onChainStateOrResultLastChangedAt: new Date(json.onChainStateOrResultLastChangedAt),
  };
}
