/**
 * What the blockchain and the real service's background jobs would do on their own, on timers:
 * lock the funds of new payments (when auto-lock is on), confirm submitted results, and move
 * registrations on (when a registration step time is set).
 */
import type { PaymentRecord } from "./model.js";
import type { PaymentStore } from "./payment-store.js";
import type { Registry, RegistryEntry, RegistryStep } from "./registry.js";

/** The steps that follow a requested registry change, in order. */
const REGISTRY_JOBS: Partial<Record<RegistryEntry["state"], RegistryStep[]>> = {
  RegistrationRequested: ["registration-initiated", "registration-confirmed"],
  DeregistrationRequested: ["deregistration-initiated", "deregistration-confirmed"],
  UpdateRequested: ["update-confirmed"],
};

export interface ChainTiming {
  /** Lock the funds of each new payment this long after it is created; undefined: never. */
  autoLockMs: number | undefined;
  /** Confirm a submitted result on chain this long after `submit-result`; null: never. */
  resultConfirmMs: number | null;
  /** Each registry step this long after the last; undefined: never on its own. */
  registrationStepMs: number | undefined;
}

export class SimulatedChain {
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly store: PaymentStore,
    private readonly registry: Registry,
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

  registrationRequested(entry: RegistryEntry): void {
    const stepMs = this.timing.registrationStepMs;
    const steps = REGISTRY_JOBS[entry.state];
    if (stepMs === undefined || !steps) return;
    const run = (index: number, expected: RegistryEntry["state"]) => {
      const step = steps[index];
      // Someone may have moved it by hand meanwhile; then the job leaves it alone.
      if (step === undefined || entry.state !== expected) return;
      this.registry.step(entry, step);
      const reached = entry.state;
      this.after(stepMs, () => run(index + 1, reached));
    };
    const start = entry.state;
    this.after(stepMs, () => run(0, start));
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
