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
  TransactionRecord,
} from "./model.js";
import type { SellerProfile } from "./seller-profile.js";

export interface TransactionJson {
  id: string;
  createdAt: string;
  updatedAt: string;
  txHash: string | null;
  status: "Confirmed";
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
  errorType: null;
  errorNote: null;
  resultHash: string | null;
}

export interface PaymentJson {
  id: string;
  createdAt: string;
  updatedAt: string;
  blockchainIdentifier: string;
  agentIdentifier: string | null;
  agentName: string | null;
  pricingType: "Fixed";
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
    errorType: null;
    errorNote: null;
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
    paymentSourceType: "Web3CardanoV1";
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

function transactionJson(transaction: TransactionRecord): TransactionJson {
  return {
    id: transaction.id,
    createdAt: transaction.createdAt.toISOString(),
    updatedAt: transaction.updatedAt.toISOString(),
    txHash: transaction.txHash,
    status: "Confirmed",
    fees: transaction.fees,
    blockHeight: transaction.blockHeight,
    blockTime: transaction.blockTime,
    previousOnChainState: transaction.previousOnChainState,
    newOnChainState: transaction.newOnChainState,
    confirmations: 30,
  };
}

function actionJson(action: ActionRecord): ActionJson {
  return {
    id: action.id,
    createdAt: action.createdAt.toISOString(),
    updatedAt: action.updatedAt.toISOString(),
    submittedTxHash: action.submittedTxHash,
    requestedAction: action.requestedAction,
    errorType: null,
    errorNote: null,
    resultHash: action.resultHash,
  };
}

function latest(a: Date, b: Date): Date {
  return a > b ? a : b;
}

export function paymentJson(record: PaymentRecord, seller: SellerProfile, history: HistoryMode): PaymentJson {
  const source = seller.sources[record.network];
  const withHistory = <T>(list: T[]): T[] | null => (history === "include" ? list : null);
  return {
    id: record.id,
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
    blockchainIdentifier: record.blockchainIdentifier,
    agentIdentifier: record.agentIdentifier,
    agentName: null,
    pricingType: "Fixed",
    lastCheckedAt: null,
    payByTime: String(record.payByTime),
    submitResultTime: String(record.submitResultTime),
    unlockTime: String(record.unlockTime),
    collateralReturnLovelace: null,
    buyerReturnAddress: null,
    sellerReturnAddress: null,
    externalDisputeUnlockTime: String(record.externalDisputeUnlockTime),
    requestedById: seller.apiKeyId,
    resultHash: record.resultHash,
    nextActionLastChangedAt: record.nextActionLastChangedAt.toISOString(),
    onChainStateOrResultLastChangedAt: record.onChainStateOrResultLastChangedAt.toISOString(),
    nextActionOrOnChainStateOrResultLastChangedAt: latest(
      record.nextActionLastChangedAt,
      record.onChainStateOrResultLastChangedAt,
    ).toISOString(),
    inputHash: record.inputHash,
    totalBuyerCardanoFees: 0,
    totalSellerCardanoFees: 0,
    cooldownTime: 0,
    cooldownTimeOtherParty: 0,
    onChainState: record.onChainState,
    NextAction: {
      requestedAction: record.nextAction.requestedAction,
      errorType: null,
      errorNote: null,
      resultHash: record.nextAction.resultHash,
    },
    ...(history === "omit" ? {} : { ActionHistory: withHistory(record.actionHistory.map(actionJson)) }),
    CurrentTransaction: record.currentTransaction ? transactionJson(record.currentTransaction) : null,
    ...(history === "omit" ? {} : { TransactionHistory: withHistory(record.transactionHistory.map(transactionJson)) }),
    RequestedFunds: seller.price.map((amount) => ({ ...amount })),
    WithdrawnForSeller: [],
    WithdrawnForBuyer: [],
    PaymentSource: { ...source.paymentSource },
    BuyerWallet: record.buyerWallet ? { ...record.buyerWallet } : null,
    SmartContractWallet: { ...source.wallet },
    metadata: record.metadata,
  };
}
