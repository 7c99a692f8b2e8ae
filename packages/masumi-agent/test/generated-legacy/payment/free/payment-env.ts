/** Environment for tests: free jobs need no payment settings. */
export const testPaymentEnv: Record<string, string> = {};
