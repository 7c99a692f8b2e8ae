/**
 * The vocabulary of the Masumi payment service (prisma/schema.prisma enums of
 * masumi-network/masumi-payment-service) and the simulator's in-memory payment record.
 */

export const NETWORKS = ["Preprod", "Mainnet"] as const;
export type Network = (typeof NETWORKS)[number];

export const ON_CHAIN_STATES = [
  "FundsLocked",
  "FundsOrDatumInvalid",
  "ResultSubmitted",
  "RefundRequested",
  "Disputed",
  "WithdrawAuthorized",
  "RefundAuthorized",
  "Withdrawn",
  "RefundWithdrawn",
  "DisputedWithdrawn",
] as const;
export type OnChainState = (typeof ON_CHAIN_STATES)[number];

export const PAYMENT_SOURCE_TYPES = ["Web3CardanoV1", "Web3CardanoV2"] as const;
export type PaymentSourceType = (typeof PAYMENT_SOURCE_TYPES)[number];

/** The `NextAction.requestedAction` values a seller-side payment passes through here. */
export type PaymentAction =
  | "None"
  | "WaitingForExternalAction"
  | "WaitingForManualAction"
  | "SubmitResultRequested"
  | "SubmitResultInitiated";

export type PricingType = "Fixed" | "Dynamic" | "Free";

export interface Amount {
  amount: string;
  /** Policy id + asset name; the empty string is lovelace. */
  unit: string;
}

export interface ActionRecord {
  id: string;
  createdAt: Date;
  updatedAt: Date;
  requestedAction: PaymentAction;
  /** Set when the action needs a person: "Unknown" and what went wrong. */
  errorType: "Unknown" | null;
  errorNote: string | null;
  resultHash: string | null;
  submittedTxHash: string | null;
}

/** A transaction of the payment; a pending one has no block, fees or states yet. */
export interface TransactionRecord {
  id: string;
  createdAt: Date;
  updatedAt: Date;
  txHash: string;
  status: "Pending" | "Confirmed";
  fees: string | null;
  blockHeight: number | null;
  blockTime: number | null;
  previousOnChainState: OnChainState | null;
  newOnChainState: OnChainState | null;
  confirmations: number | null;
}

export interface WalletRecord {
  id: string;
  walletVkey: string;
  walletAddress: string;
  /** Where a V2 buyer's refunds go (the purchasing wallet's collection address). */
  collectionAddress: string | null;
  note: string | null;
  /** What the service's low-balance monitor last saw of this wallet (none: it reports no balance). */
  lowBalanceRules?: LowBalanceRuleRecord[];
}

/**
 * A low-balance rule of a wallet (the real service's WalletLowBalanceRule, always enabled here):
 * the balance of one asset the monitor last saw on chain, and the threshold below which the wallet
 * counts as low. Without a chain, the seed says what the monitor saw.
 */
export interface LowBalanceRuleRecord {
  id: string;
  /** `lovelace`, or a policy id + asset name. */
  assetUnit: string;
  thresholdAmount: string;
  lastKnownAmount: string;
  lastCheckedAt: Date;
}

/** How the contract of a payment source is administered (GET /payment-source shows it). */
export interface SourceAdministration {
  /** V2 only: how many admin signatures authorize a refund or withdrawal. */
  requiredAdminSignatures: number | null;
  AdminWallets: { walletAddress: string; order: number }[];
  feeReceiverAddress: string | null;
  feeRatePermille: number;
}

/** A smart contract this node runs, with the wallet that sells through it. */
export interface PaymentSourceRecord {
  id: string;
  createdAt: Date;
  network: Network;
  paymentSourceType: PaymentSourceType;
  smartContractAddress: string;
  policyId: string;
  /** Milliseconds a party waits after its own transaction (the datum's cooldown). */
  cooldownTime: number;
  sellingWallet: WalletRecord;
  /** The wallet that plays the buyer when the simulation locks funds. */
  purchasingWallet: WalletRecord;
  administration: SourceAdministration;
}

/** How one price option of an agent is paid. */
export type Pricing =
  | { pricingType: "Fixed"; amounts: Amount[] }
  | { pricingType: "Dynamic" }
  | { pricingType: "Free" };

/** A V2 agent's `supportedPaymentSources[i]`: which contract, at what price. */
export interface SupportedPaymentSource {
  address: string;
  pricing: Pricing;
}

/** A registered agent (its NFT is minted): V1 agents carry `pricing`, V2 agents their payment sources. */
export interface AgentRecord {
  agentIdentifier: string;
  network: Network;
  name: string;
  pricing: Pricing | null;
  supportedPaymentSources: SupportedPaymentSource[] | null;
}

/** One payment request as the simulator keeps it; `payment-json.ts` turns it into the API shape. */
export interface PaymentRecord {
  id: string;
  createdAt: Date;
  updatedAt: Date;
  network: Network;
  source: PaymentSourceRecord;
  agentName: string;
  pricingType: "Fixed" | "Dynamic";
  requestedFunds: Amount[];
  /** The id of the API key that created it: only that key (or an admin key) may submit its result. */
  requestedById: string;
  blockchainIdentifier: string;
  agentIdentifier: string;
  identifierFromPurchaser: string;
  inputHash: string;
  /** '' until a result is confirmed on chain, as the real service stores it. */
  resultHash: string;
  metadata: string | null;
  /** Unix milliseconds. */
  payByTime: number;
  submitResultTime: number;
  unlockTime: number;
  externalDisputeUnlockTime: number;
  onChainState: OnChainState | null;
  nextAction: ActionRecord;
  actionHistory: ActionRecord[];
  currentTransaction: TransactionRecord | null;
  transactionHistory: TransactionRecord[];
  buyerWallet: { id: string; walletVkey: string } | null;
  sellerReturnAddress: string | null;
  buyerReturnAddress: string | null;
  collateralReturnLovelace: string | null;
  totalBuyerCardanoFees: number;
  totalSellerCardanoFees: number;
  /** Unix ms until which the seller may not act again (set by a confirmed seller transaction). */
  cooldownTime: number;
  withdrawnForSeller: Amount[];
  withdrawnForBuyer: Amount[];
  nextActionLastChangedAt: Date;
  onChainStateOrResultLastChangedAt: Date;
}
