import type { FundsOutcome, PaymentProvider } from "../payment.ts";

/**
 * No payment at all: jobs start `running`, /start_job answers no payment terms, and
 * identifier_from_purchaser may be left out.
 */
export class FreePayment implements PaymentProvider {
  readonly requiresPayment = false;
  readonly description = "jobs are free";
  readonly agentIdentifier: string | undefined;

  constructor(agentIdentifier: string | undefined) {
    this.agentIdentifier = agentIdentifier;
  }

  async createPayment(): Promise<null> {
    return null;
  }

  async waitForFunds(): Promise<FundsOutcome> {
    return { locked: true };
  }

  async submitResult(): Promise<void> {}
}
