/**
 * Environment for tests: a Masumi payment service, by default the local simulator started with
 * `npx create-masumi-agent payment-sim --auto-lock 20 --token local-test-token` (the variables it
 * prints, set in the environment, win; add `--source-type Web3CardanoV1` to test an older node).
 * Payments are checked every 20 ms.
 */
export const testPaymentEnv: Record<string, string> = {
  PAYMENT_SERVICE_URL: "http://127.0.0.1:3001/api/v1",
  PAYMENT_API_KEY: "local-test-token",
  AGENT_IDENTIFIER:
    "238f6d317a951b2ca11b9a2aec318589288b04e3ef7286f55cf70f1c84c670c7b40aaed3814c062f574d4a7241476e441102c0afb51e70a7398dc8ce",
  NETWORK: "Preprod",
  ...definedOnly({
    PAYMENT_SERVICE_URL: process.env.PAYMENT_SERVICE_URL,
    PAYMENT_API_KEY: process.env.PAYMENT_API_KEY,
    AGENT_IDENTIFIER: process.env.AGENT_IDENTIFIER,
    NETWORK: process.env.NETWORK,
    PAYMENT_SOURCE_TYPE: process.env.PAYMENT_SOURCE_TYPE,
    PAYMENT_SOURCE_INDEX: process.env.PAYMENT_SOURCE_INDEX,
  }),
  PAYMENT_POLL_INTERVAL_MS: "20",
};

function definedOnly(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}
