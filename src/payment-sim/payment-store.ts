/** The payments, in memory, and every change the API, the admin route and the simulated chain make. */
import { newBlockchainIdentifier, newId, randomHex } from "./identifiers.js";
import type { ActionRecord, Network, OnChainState, PaymentAction, PaymentRecord } from "./model.js";
import type { PaymentTimes } from "./payment-rules.js";
import { acceptsResult, allowedNextStates, canTransition, stateAfterResult } from "./state-machine.js";

export interface NewPayment extends PaymentTimes {
  network: Network;
  agentIdentifier: string;
  identifierFromPurchaser: string;
  inputHash: string;
  metadata: string | undefined;
}

export interface PageQuery {
  network: Network;
  cursorId: string | undefined;
  limit: number;
  filterOnChainState: OnChainState | undefined;
}

/** A state change the payment contract does not allow. */
export class TransitionError extends Error {
  override name = "TransitionError";
}

export type StateChangeListener = (payment: PaymentRecord, previous: OnChainState | null) => void;

function newAction(requestedAction: PaymentAction, resultHash: string | null = null): ActionRecord {
  const now = new Date();
  return { id: newId(), createdAt: now, updatedAt: now, requestedAction, resultHash, submittedTxHash: null };
}

export class PaymentStore {
  /** In creation order. */
  private readonly records: PaymentRecord[] = [];
  /** Simulated block height, so each confirmed transaction lands in a later block. */
  private blockHeight = 3_000_000;

  constructor(private readonly onStateChange: StateChangeListener) {}

  create(input: NewPayment): PaymentRecord {
    const now = new Date();
    const record: PaymentRecord = {
      id: newId(),
      createdAt: now,
      updatedAt: now,
      network: input.network,
      blockchainIdentifier: newBlockchainIdentifier(input.agentIdentifier, input.identifierFromPurchaser),
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
      nextAction: newAction("WaitingForExternalAction"),
      actionHistory: [],
      currentTransaction: null,
      transactionHistory: [],
      buyerWallet: null,
      nextActionLastChangedAt: now,
      onChainStateOrResultLastChangedAt: now,
    };
    this.records.push(record);
    return record;
  }

  all(): readonly PaymentRecord[] {
    return this.records;
  }

  /** By id or by blockchain identifier (the admin route takes either). */
  find(reference: string): PaymentRecord | undefined {
    return this.records.find((record) => record.id === reference || record.blockchainIdentifier === reference);
  }

  findOnNetwork(blockchainIdentifier: string, network: Network): PaymentRecord | undefined {
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
    const matching = this.records
      .filter((record) => record.network === query.network)
      .filter((record) => query.filterOnChainState === undefined || record.onChainState === query.filterOnChainState)
      .reverse();
    const start = query.cursorId === undefined ? 0 : matching.findIndex((record) => record.id === query.cursorId);
    return start < 0 ? [] : matching.slice(start, start + query.limit);
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
    this.confirmTransaction(record, to);
    this.onStateChange(record, from);
  }

  /** What `submit-result` records: the next action asks to submit this hash. */
  requestResult(record: PaymentRecord, resultHash: string): void {
    this.setNextAction(record, newAction("SubmitResultRequested", resultHash));
    record.updatedAt = record.nextActionLastChangedAt;
  }

  /**
   * The submitted result lands on chain: the payment takes the hash and its next state. When the
   * state no longer accepts a result (it changed meanwhile), the request is dropped instead.
   */
  confirmResult(record: PaymentRecord): void {
    const { onChainState: from, nextAction } = record;
    if (nextAction.requestedAction !== "SubmitResultRequested") return;
    if (from !== null && acceptsResult(from) && nextAction.resultHash !== null) {
      const to = stateAfterResult(from);
      record.resultHash = nextAction.resultHash;
      this.confirmTransaction(record, to);
      if (to !== from) this.onStateChange(record, from);
    }
    this.setNextAction(record, newAction("WaitingForExternalAction"));
  }

  private setNextAction(record: PaymentRecord, action: ActionRecord): void {
    record.actionHistory.unshift(record.nextAction);
    record.nextAction = action;
    record.nextActionLastChangedAt = action.createdAt;
  }

  private confirmTransaction(record: PaymentRecord, to: OnChainState): void {
    const now = new Date();
    if (record.currentTransaction) record.transactionHistory.unshift(record.currentTransaction);
    this.blockHeight += 1;
    record.currentTransaction = {
      id: newId(),
      createdAt: now,
      updatedAt: now,
      txHash: randomHex(32),
      fees: "180000",
      blockHeight: this.blockHeight,
      blockTime: Math.floor(now.getTime() / 1000),
      previousOnChainState: record.onChainState,
      newOnChainState: to,
    };
    // The buyer's wallet becomes known with the transaction that locks the funds.
    record.buyerWallet ??= { id: newId(), walletVkey: randomHex(28) };
    record.onChainState = to;
    record.onChainStateOrResultLastChangedAt = now;
    record.updatedAt = now;
  }
}
