/**
 * What the blockchain and the real service's background jobs would do on their own, on timers:
 * lock the funds of new payments (when auto-lock is on) and confirm submitted results.
 */
import type { PaymentRecord } from "./model.js";
import type { PaymentStore } from "./payment-store.js";

export interface ChainTiming {
  /** Lock the funds of each new payment this long after it is created; undefined: never. */
  autoLockMs: number | undefined;
  /** Confirm a submitted result on chain this long after `submit-result`; null: never. */
  resultConfirmMs: number | null;
}

export class SimulatedChain {
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly store: PaymentStore,
    private readonly timing: ChainTiming,
  ) {}

  paymentCreated(record: PaymentRecord): void {
    if (this.timing.autoLockMs === undefined) return;
    this.after(this.timing.autoLockMs, () => {
      // Someone may have changed the state by hand meanwhile; only an unpaid payment gets locked.
      if (record.onChainState === null) this.store.transition(record, "FundsLocked");
    });
  }

  resultRequested(record: PaymentRecord): void {
    if (this.timing.resultConfirmMs === null) return;
    this.after(this.timing.resultConfirmMs, () => {
      // The admin route may have moved the result on meanwhile.
      if (record.nextAction.requestedAction === "SubmitResultRequested") this.store.confirmResult(record);
    });
  }

  stop(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private after(ms: number, action: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      action();
    }, ms);
    this.timers.add(timer);
  }
}
