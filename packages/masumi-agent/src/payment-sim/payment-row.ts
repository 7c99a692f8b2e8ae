/**
 * A payment as the real service's webhook sends it: the raw database row with its relations
 * (prisma `PaymentRequest` including NextAction, ActionHistory, transactions, wallets, funds and
 * the payment source), not the API shape. Times are strings of Unix ms, fees in ADA, as in the
 * recorded delivery (fixtures/payment-service/webhook-payment-on-chain-status-changed.json).
 */
import type { ActionRecord, Amount, PaymentRecord, TransactionRecord } from "./model.js";
import { actionJson, transactionJson } from "./payment-json.js";

/** The API's fields of an action (payment-json.ts) and the row's link to its payment. */
function actionRow(action: ActionRecord, paymentId: string | null) {
  return { ...actionJson(action), paymentRequestHistoryId: paymentId };
}

/** The API's fields of a transaction (payment-json.ts) and the row's columns the API leaves out. */
function transactionRow(transaction: TransactionRecord) {
  return {
    ...transactionJson(transaction),
    utxoCount: null,
    outputAmount: null,
    lastCheckedAt: null,
    redeemerCount: null,
    validContract: null,
    intendedTxHash: null,
    withdrawalCount: null,
    assetMintOrBurnCount: null,
    invalidHereafterSlot: null,
  };
}

function fundRows(record: PaymentRecord, list: Amount[]) {
  return list.map((amount, index) => ({
    id: `${record.id}f${index}`,
    unit: amount.unit,
    amount: amount.amount,
    paymentRequestId: record.id,
  }));
}

export function paymentRow(record: PaymentRecord) {
  const { source } = record;
  return {
    id: record.id,
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
    blockchainIdentifier: record.blockchainIdentifier,
    agentIdentifier: record.agentIdentifier,
    agentName: record.agentName,
    pricingType: record.pricingType,
    metadata: record.metadata,
    inputHash: record.inputHash,
    resultHash: record.resultHash,
    payByTime: String(record.payByTime),
    submitResultTime: String(record.submitResultTime),
    unlockTime: String(record.unlockTime),
    externalDisputeUnlockTime: String(record.externalDisputeUnlockTime),
    onChainState: record.onChainState,
    nextActionId: record.nextAction.id,
    NextAction: actionRow(record.nextAction, null),
    ActionHistory: record.actionHistory.map((action) => actionRow(action, record.id)),
    currentTransactionId: record.currentTransaction?.id ?? null,
    CurrentTransaction: record.currentTransaction ? transactionRow(record.currentTransaction) : null,
    TransactionHistory: record.transactionHistory.map(transactionRow),
    requestedById: record.requestedById,
    RequestedFunds: fundRows(record, record.requestedFunds),
    WithdrawnForSeller: fundRows(record, record.withdrawnForSeller),
    WithdrawnForBuyer: fundRows(record, record.withdrawnForBuyer),
    paymentSourceId: source.id,
    PaymentSource: {
      id: source.id,
      network: source.network,
      policyId: source.policyId,
      paymentSourceType: source.paymentSourceType,
      smartContractAddress: source.smartContractAddress,
      cooldownTime: source.cooldownTime,
    },
    buyerWalletId: record.buyerWallet?.id ?? null,
    BuyerWallet: record.buyerWallet ? { ...record.buyerWallet, type: "Buyer" } : null,
    smartContractWalletId: source.sellingWallet.id,
    SmartContractWallet: { ...source.sellingWallet, type: "Selling", paymentSourceId: source.id },
    buyerReturnAddress: record.buyerReturnAddress,
    sellerReturnAddress: record.sellerReturnAddress,
    collateralReturnLovelace: record.collateralReturnLovelace,
    totalBuyerCardanoFees: record.totalBuyerCardanoFees,
    totalSellerCardanoFees: record.totalSellerCardanoFees,
    cooldownTime: record.cooldownTime,
    cooldownTimeOtherParty: 0,
    buyerCoolDownTime: "0",
    sellerCoolDownTime: String(record.cooldownTime),
    invoiceBaseId: null,
    lastCheckedAt: null,
    agentNameSyncedAt: record.createdAt.toISOString(),
    agentIdentifierSyncedAt: record.createdAt.toISOString(),
    nextActionLastChangedAt: record.nextActionLastChangedAt.toISOString(),
    onChainStateOrResultLastChangedAt: record.onChainStateOrResultLastChangedAt.toISOString(),
    nextActionOrOnChainStateOrResultLastChangedAt: new Date(
      Math.max(record.nextActionLastChangedAt.getTime(), record.onChainStateOrResultLastChangedAt.getTime()),
    ).toISOString(),
  };
}

export type PaymentRow = ReturnType<typeof paymentRow>;
