/**
 * The payments, in memory, and every change the API, the admin routes and the simulated chain
 * make. Changes of `NextAction` and of the on-chain state are reported to the listeners (webhooks,
 * log lines). Time is read from the simulator's clock, so tests can move it.
 */
import { newBlockchainIdentifier, newId, randomHex } from "./identifiers.js";
import type { ActionRecord, Network, OnChainState, PaymentAction, PaymentRecord, TransactionRecord } from "./model.js";
import type { PaymentTerms } from "./payment-rules.js";
import type { PaymentFilter } from "./request-schemas.js";
import { acceptsResult, allowedNextStates, canTransition, stateAfterResult } from "./state-machine.js";

export interface NewPayment extends PaymentTerms {
  network: Network;
  agentIdentifier: string;
  identifierFromPurchaser: string;
  inputHash: string;
  metadata: string | undefined;
  sellerReturnAddress: string | undefined;
  supportedPaymentSourceIndex: number | undefined;
  requestedById: string;
}

export interface PageQuery extends PaymentFilter {
  cursorId: string | undefined;
  limit: number;
}

/** A state change the payment contract does not allow. */
export class TransitionError extends Error {
  override name = "TransitionError";
}

export interface StoreListeners {
  onChainStateChanged(payment: PaymentRecord, previous: OnChainState | null): void;
  nextActionChanged(payment: PaymentRecord, previous: PaymentAction): void;
}

/** An unpaid payment is given up this long after its payByTime (the real service's grace). */
export const UNPAID_GRACE_MS = 5 * 60 * 1000;

/** Fees (lovelace) of the simulated transactions, as the recording's simulation wrote them. */
const FEES = { lock: 190_000, result: 210_000, withdraw: 200_000, other: 180_000 };
const CONFIRMATIONS = 25;
/** What the contract adds to the source's cooldown after a seller transaction. */
const COOLDOWN_MARGIN_MS = 600_000;

/** Same agent, same input and purchaser, same times: the real service finds the existing row. */
function sameRequest(record: PaymentRecord, input: NewPayment): boolean {
  return (
    record.network === input.network &&
    record.agentIdentifier === input.agentIdentifier &&
    record.inputHash === input.inputHash &&
    record.identifierFromPurchaser === input.identifierFromPurchaser &&
    record.payByTime === input.payByTime &&
    record.submitResultTime === input.submitResultTime &&
    record.unlockTime === input.unlockTime &&
    record.externalDisputeUnlockTime === input.externalDisputeUnlockTime
  );
}

function matches(record: PaymentRecord, filter: PaymentFilter): boolean {
  const source = record.source;
  // Without a type or address filter the listing shows V1 rows only, as the real one does.
  const typeFilter =
    filter.filterPaymentSourceType ?? (filter.filterSmartContractAddress === undefined ? "Web3CardanoV1" : undefined);
  const search = filter.searchQuery?.toLowerCase();
  return (
    record.network === filter.network &&
    (typeFilter === undefined || source.paymentSourceType === typeFilter) &&
    (filter.filterSmartContractAddress === undefined ||
      source.smartContractAddress === filter.filterSmartContractAddress) &&
    (filter.filterOnChainState === undefined || record.onChainState === filter.filterOnChainState) &&
    (!filter.filterNeedsManualAction || record.nextAction.requestedAction === "WaitingForManualAction") &&
    (search === undefined ||
      [
        record.agentName,
        record.agentIdentifier,
        record.inputHash,
        record.blockchainIdentifier,
        record.metadata ?? "",
      ].some((text) => text.toLowerCase().includes(search)))
  );
}

export class PaymentStore {
  /** In creation order. */
  private readonly records: PaymentRecord[] = [];
  /** Simulated block height, so each confirmed transaction lands in a later block. */
  private blockHeight = 4_000_000;

  constructor(
    private readonly now: () => number,
    private readonly listeners: StoreListeners,
  ) {}

  private date(): Date {
    return new Date(this.now());
  }

  private newAction(requestedAction: PaymentAction, resultHash: string | null = null): ActionRecord {
    const now = this.date();
    return {
      id: newId(),
      createdAt: now,
      updatedAt: now,
      requestedAction,
      errorType: null,
      errorNote: null,
      resultHash,
      submittedTxHash: null,
    };
  }

  /** The payment the same request made before, if any. */
  existing(input: NewPayment): PaymentRecord | undefined {
    return this.records.find((record) => sameRequest(record, input));
  }

  create(input: NewPayment): PaymentRecord {
    const now = this.date();
    const record: PaymentRecord = {
      id: newId(),
      createdAt: now,
      updatedAt: now,
      network: input.network,
      source: input.source,
      agentName: input.agentName,
      pricingType: input.pricingType,
      requestedFunds: input.requestedFunds,
      requestedById: input.requestedById,
      blockchainIdentifier: newBlockchainIdentifier({
        agentIdentifier: input.agentIdentifier,
        identifierFromPurchaser: input.identifierFromPurchaser,
        smartContractAddress:
          input.source.paymentSourceType === "Web3CardanoV2" ? input.source.smartContractAddress : null,
        supportedPaymentSourceIndex: input.supportedPaymentSourceIndex ?? null,
      }),
      agentIdentifier: input.agentIdentifier,
      identifierFromPurchaser: input.identifierFromPurchaser,
      inputHash: input.inputHash,
      resultHash: "",
      metadata: input.metadata ?? null,
      payByTime: input.payByTime,
      submitResultTime: input.submitResultTime,
      unlockTime: input.unlockTime,
      externalDisputeUnlockTime: input.externalDisputeUnlockTime,
      onChainState: null,
      nextAction: this.newAction("WaitingForExternalAction"),
      actionHistory: [],
      currentTransaction: null,
      transactionHistory: [],
      buyerWallet: null,
      sellerReturnAddress: input.sellerReturnAddress ?? null,
      buyerReturnAddress: null,
      collateralReturnLovelace: null,
      totalBuyerCardanoFees: 0,
      totalSellerCardanoFees: 0,
      cooldownTime: 0,
      withdrawnForSeller: [],
      withdrawnForBuyer: [],
      nextActionLastChangedAt: now,
      onChainStateOrResultLastChangedAt: now,
    };
    this.records.push(record);
    return record;
  }

  /** Adds a payment that existed before the start (a seed). */
  add(record: PaymentRecord): void {
    this.records.push(record);
    this.records.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  }

  all(): readonly PaymentRecord[] {
    this.expireUnpaid();
    return this.records;
  }

  /** By id or by blockchain identifier (the admin routes take either). */
  find(reference: string): PaymentRecord | undefined {
    this.expireUnpaid();
    return this.records.find((record) => record.id === reference || record.blockchainIdentifier === reference);
  }

  findOnNetwork(blockchainIdentifier: string, network: Network): PaymentRecord | undefined {
    this.expireUnpaid();
    return this.records.find(
      (record) => record.blockchainIdentifier === blockchainIdentifier && record.network === network,
    );
  }

  /**
   * Newest first, like the real `findMany({orderBy: {createdAt: "desc"}, cursor: {id}, take})`: the
   * page starts AT the cursor (Prisma includes the cursor row), so a client that passes the last id
   * of one page gets that payment again first on the next; an unknown cursor gives an empty page.
   */
  page(query: PageQuery): PaymentRecord[] {
    this.expireUnpaid();
    const matching = this.records.filter((record) => matches(record, query)).reverse();
    const start = query.cursorId === undefined ? 0 : matching.findIndex((record) => record.id === query.cursorId);
    return start < 0 ? [] : matching.slice(start, start + query.limit);
  }

  count(filter: PaymentFilter): number {
    this.expireUnpaid();
    return this.records.filter((record) => matches(record, filter)).length;
  }

  /**
   * Unpaid payments whose payByTime passed more than the grace ago become FundsOrDatumInvalid and
   * wait for a person (what the real service's check job writes).
   */
  expireUnpaid(): void {
    const limit = this.now() - UNPAID_GRACE_MS;
    for (const record of this.records) {
      if (record.onChainState !== null || record.payByTime >= limit) continue;
      if (record.nextAction.requestedAction !== "WaitingForExternalAction") continue;
      // The check job writes the state without a transaction (none was seen on chain).
      this.setOnChainState(record, "FundsOrDatumInvalid");
      this.setNextAction(record, {
        ...this.newAction("WaitingForManualAction"),
        errorType: "Unknown",
        errorNote: `Payment request payByTime (${record.payByTime}) passed without on-chain lock; no FundsLocked tx observed within ${UNPAID_GRACE_MS / 1000}s grace.`,
      });
    }
  }

  /** Moves a payment to another on-chain state, as a confirmed transaction would. */
  transition(record: PaymentRecord, to: OnChainState): void {
    const from = record.onChainState;
    if (from === to) return;
    if (!canTransition(from, to)) {
      const allowed = allowedNextStates(from);
      throw new TransitionError(
        `Cannot move payment from ${from ?? "null"} to ${to} (allowed: ${allowed.length > 0 ? allowed.join(", ") : "none, the state is final"})`,
      );
    }
    if (to === "FundsLocked" && from === null) return this.lock(record);
    if (to === "Withdrawn") return this.withdraw(record);
    this.confirmTransaction(record, to, FEES.other);
  }

  /** The buyer's lock is confirmed: the purchasing wallet of the source paid. */
  lock(record: PaymentRecord): void {
    if (record.onChainState !== null) throw new TransitionError(`Cannot lock a payment in ${record.onChainState}`);
    const buyer = record.source.purchasingWallet;
    record.buyerWallet = { id: buyer.id, walletVkey: buyer.walletVkey };
    record.collateralReturnLovelace = "0";
    record.totalBuyerCardanoFees = FEES.lock / 1_000_000;
    if (record.source.paymentSourceType === "Web3CardanoV2") record.buyerReturnAddress = buyer.collectionAddress;
    this.confirmTransaction(record, "FundsLocked", FEES.lock);
    this.setNextAction(record, this.newAction("WaitingForExternalAction"));
  }

  /** What `submit-result` records: the next action asks to submit this hash. */
  requestResult(record: PaymentRecord, resultHash: string): void {
    this.setNextAction(record, this.newAction("SubmitResultRequested", resultHash));
  }

  /** The service built and sent the result transaction; it is not confirmed yet. */
  initiateResult(record: PaymentRecord): void {
    const { nextAction } = record;
    if (nextAction.requestedAction !== "SubmitResultRequested") {
      throw new TransitionError(`No result is requested (NextAction is ${nextAction.requestedAction})`);
    }
    const now = this.date();
    if (record.currentTransaction) record.transactionHistory.unshift(record.currentTransaction);
    record.currentTransaction = {
      id: newId(),
      createdAt: now,
      updatedAt: now,
      txHash: randomHex(32),
      status: "Pending",
      fees: null,
      blockHeight: null,
      blockTime: null,
      previousOnChainState: null,
      newOnChainState: null,
      confirmations: null,
    };
    this.setNextAction(record, this.newAction("SubmitResultInitiated", nextAction.resultHash));
  }

  /**
   * The result transaction is confirmed: the payment takes the hash, its next state and the
   * seller's cooldown. When the state no longer accepts a result (it changed meanwhile), the
   * request is dropped instead.
   */
  confirmResult(record: PaymentRecord): void {
    if (record.nextAction.requestedAction === "SubmitResultRequested") this.initiateResult(record);
    const { onChainState: from, nextAction, currentTransaction } = record;
    if (nextAction.requestedAction !== "SubmitResultInitiated") {
      throw new TransitionError(`No result transaction is pending (NextAction is ${nextAction.requestedAction})`);
    }
    if (from !== null && acceptsResult(from) && nextAction.resultHash !== null && currentTransaction) {
      const to = stateAfterResult(from);
      const now = this.now();
      record.resultHash = nextAction.resultHash;
      record.totalSellerCardanoFees += FEES.result / 1_000_000;
      record.cooldownTime = now + record.source.cooldownTime + COOLDOWN_MARGIN_MS;
      Object.assign(currentTransaction, this.confirmed(from, to, FEES.result), { updatedAt: new Date(now) });
      this.setOnChainState(record, to);
    }
    this.setNextAction(record, this.newAction("WaitingForExternalAction"));
  }

  /** The seller collected the funds. */
  withdraw(record: PaymentRecord): void {
    if (!canTransition(record.onChainState, "Withdrawn")) {
      throw new TransitionError(`Cannot withdraw a payment in ${record.onChainState ?? "null"}`);
    }
    record.withdrawnForSeller = record.requestedFunds.map((amount) => ({ ...amount }));
    this.confirmTransaction(record, "Withdrawn", FEES.withdraw);
    this.setNextAction(record, this.newAction("None"));
  }

  private setNextAction(record: PaymentRecord, action: ActionRecord): void {
    const previous = record.nextAction;
    previous.updatedAt = action.createdAt;
    record.actionHistory.unshift(previous);
    record.nextAction = action;
    record.nextActionLastChangedAt = action.createdAt;
    record.updatedAt = action.createdAt;
    if (previous.requestedAction !== action.requestedAction) {
      this.listeners.nextActionChanged(record, previous.requestedAction);
    }
  }

  private confirmed(from: OnChainState | null, to: OnChainState, fees: number): Partial<TransactionRecord> {
    this.blockHeight += 100;
    return {
      status: "Confirmed",
      fees: String(fees),
      blockHeight: this.blockHeight,
      blockTime: Math.floor(this.now() / 1000),
      previousOnChainState: from,
      newOnChainState: to,
      confirmations: CONFIRMATIONS,
    };
  }

  private confirmTransaction(record: PaymentRecord, to: OnChainState, fees: number): void {
    const now = this.date();
    if (record.currentTransaction) record.transactionHistory.unshift(record.currentTransaction);
    record.currentTransaction = {
      id: newId(),
      createdAt: now,
      updatedAt: now,
      txHash: randomHex(32),
      ...(this.confirmed(record.onChainState, to, fees) as Omit<
        TransactionRecord,
        "id" | "createdAt" | "updatedAt" | "txHash"
      >),
    };
    this.setOnChainState(record, to);
  }

  private setOnChainState(record: PaymentRecord, to: OnChainState): void {
    const from = record.onChainState;
    const now = this.date();
    record.onChainState = to;
    record.onChainStateOrResultLastChangedAt = now;
    record.updatedAt = now;
    if (from !== to) this.listeners.onChainStateChanged(record, from);
  }
}
