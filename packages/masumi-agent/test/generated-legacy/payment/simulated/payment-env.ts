/** Environment for tests: payments lock after 20 ms instead of a second. */
export const testPaymentEnv: Record<string, string> = { SIMULATED_PAYMENT_DELAY_MS: "20" };
