/**
 * A payment as the real service answers it: the `Payment` schema of
 * src/routes/api/payments/schemas.ts (`paymentResponseSchema`), keys in that order, times as
 * strings of Unix milliseconds, amounts as strings, dates as ISO strings.
 */
import type {
  ActionRecord,
  Amount,
  Network,
  OnChainState,
  PaymentAction,
  PaymentRecord,
  PaymentSourceType,
  TransactionRecord,
} from "./model.js";

export interface TransactionJson {
  id: string;
  createdAt: string;
  updatedAt: string;
  txHash: string | null;
  status: "Pending" | "Confirmed";
  fees: string | null;
  blockHeight: number | null;
  blockTime: number | null;
  previousOnChainState: OnChainState | null;
  newOnChainState: OnChainState | null;
  confirmations: number | null;
}

export interface ActionJson {
  id: string;
  createdAt: string;
  updatedAt: string;
  submittedTxHash: string | null;
  requestedAction: PaymentAction;
  errorType: "Unknown" | null;
  errorNote: string | null;
  resultHash: string | null;
}

export interface PaymentJson {
  id: string;
  createdAt: string;
  updatedAt: string;
  blockchainIdentifier: string;
  agentIdentifier: string | null;
  agentName: string | null;
  pricingType: "Fixed" | "Dynamic";
  lastCheckedAt: string | null;
  payByTime: string | null;
  submitResultTime: string;
  unlockTime: string;
  collateralReturnLovelace: string | null;
  buyerReturnAddress: string | null;
  sellerReturnAddress: string | null;
  externalDisputeUnlockTime: string;
  requestedById: string;
  resultHash: string | null;
  nextActionLastChangedAt: string;
  onChainStateOrResultLastChangedAt: string;
  nextActionOrOnChainStateOrResultLastChangedAt: string;
  inputHash: string | null;
  totalBuyerCardanoFees: number;
  totalSellerCardanoFees: number;
  cooldownTime: number;
  cooldownTimeOtherParty: number;
  onChainState: OnChainState | null;
  NextAction: {
    requestedAction: PaymentAction;
    errorType: "Unknown" | null;
    errorNote: string | null;
    resultHash: string | null;
  };
  /** Only in listings and resolves: null unless asked for with includeHistory "true". */
  ActionHistory?: ActionJson[] | null;
  CurrentTransaction: TransactionJson | null;
  /** Only in listings and resolves: null unless asked for with includeHistory "true". */
  TransactionHistory?: TransactionJson[] | null;
  RequestedFunds: Amount[];
  WithdrawnForSeller: Amount[];
  WithdrawnForBuyer: Amount[];
  PaymentSource: {
    id: string;
    network: Network;
    paymentSourceType: PaymentSourceType;
    smartContractAddress: string;
    policyId: string | null;
  };
  BuyerWallet: { id: string; walletVkey: string } | null;
  SmartContractWallet: { id: string; walletVkey: string; walletAddress: string } | null;
  metadata: string | null;
}

/**
 * "omit": the answer of create and submit-result, whose schema has no history fields;
 * "null" / "include": listings and resolves, without or with includeHistory.
 */
export type HistoryMode = "omit" | "null" | "include";

export function transactionJson(transaction: TransactionRecord): TransactionJson {
  return {
    id: transaction.id,
    createdAt: transaction.createdAt.toISOString(),
    updatedAt: transaction.updatedAt.toISOString(),
    txHash: transaction.txHash,
    status: transaction.status,
    fees: transaction.fees,
    blockHeight: transaction.blockHeight,
    blockTime: transaction.blockTime,
    previousOnChainState: transaction.previousOnChainState,
    newOnChainState: transaction.newOnChainState,
    confirmations: transaction.confirmations,
  };
}

export function actionJson(action: ActionRecord): ActionJson {
  return {
    id: action.id,
    createdAt: action.createdAt.toISOString(),
    updatedAt: action.updatedAt.toISOString(),
    submittedTxHash: action.submittedTxHash,
    requestedAction: action.requestedAction,
    errorType: action.errorType,
    errorNote: action.errorNote,
    resultHash: action.resultHash,
  };
}

function latest(a: Date, b: Date): Date {
  return a > b ? a : b;
}

export function paymentJson(record: PaymentRecord, history: HistoryMode): PaymentJson {
  const { source } = record;
  const withHistory = <T>(list: T[]): T[] | null => (history === "include" ? list : null);
  const amounts = (list: Amount[]): Amount[] => list.map((amount) => ({ ...amount }));
  return {
    id: record.id,
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
    blockchainIdentifier: record.blockchainIdentifier,
    agentIdentifier: record.agentIdentifier,
    agentName: record.agentName,
    pricingType: record.pricingType,
    lastCheckedAt: null,
    payByTime: String(record.payByTime),
    submitResultTime: String(record.submitResultTime),
    unlockTime: String(record.unlockTime),
    collateralReturnLovelace: record.collateralReturnLovelace,
    buyerReturnAddress: record.buyerReturnAddress,
    sellerReturnAddress: record.sellerReturnAddress,
    externalDisputeUnlockTime: String(record.externalDisputeUnlockTime),
    requestedById: record.requestedById,
    resultHash: record.resultHash,
    nextActionLastChangedAt: record.nextActionLastChangedAt.toISOString(),
    onChainStateOrResultLastChangedAt: record.onChainStateOrResultLastChangedAt.toISOString(),
    nextActionOrOnChainStateOrResultLastChangedAt: latest(
      record.nextActionLastChangedAt,
      record.onChainStateOrResultLastChangedAt,
    ).toISOString(),
    inputHash: record.inputHash,
    totalBuyerCardanoFees: record.totalBuyerCardanoFees,
    totalSellerCardanoFees: record.totalSellerCardanoFees,
    cooldownTime: record.cooldownTime,
    cooldownTimeOtherParty: 0,
    onChainState: record.onChainState,
    NextAction: {
      requestedAction: record.nextAction.requestedAction,
      errorType: record.nextAction.errorType,
      errorNote: record.nextAction.errorNote,
      resultHash: record.nextAction.resultHash,
    },
    ...(history === "omit" ? {} : { ActionHistory: withHistory(record.actionHistory.map(actionJson)) }),
    CurrentTransaction: record.currentTransaction ? transactionJson(record.currentTransaction) : null,
    ...(history === "omit" ? {} : { TransactionHistory: withHistory(record.transactionHistory.map(transactionJson)) }),
    RequestedFunds: amounts(record.requestedFunds),
    WithdrawnForSeller: amounts(record.withdrawnForSeller),
    WithdrawnForBuyer: amounts(record.withdrawnForBuyer),
    PaymentSource: {
      id: source.id,
      network: source.network,
      paymentSourceType: source.paymentSourceType,
      smartContractAddress: source.smartContractAddress,
      policyId: source.policyId,
    },
    BuyerWallet: record.buyerWallet ? { ...record.buyerWallet } : null,
    SmartContractWallet: {
      id: source.sellingWallet.id,
      walletVkey: source.sellingWallet.walletVkey,
      walletAddress: source.sellingWallet.walletAddress,
    },
    metadata: record.metadata,
  };
}
