/**
 * What the registry accepts (MIP-003 section 6, the payment service's registry schema): longer
 * texts and longer lists are refused with a 400 after nothing was minted, so they are checked first.
 */
export const LIMITS = {
  name: 250,
  description: 250,
  url: 250,
  /** Capability, author, legal texts. */
  text: 250,
  tags: { min: 1, max: 15 },
  tag: 63,
  exampleOutputs: { min: 0, max: 25 },
  exampleName: 60,
  mimeType: 60,
  /** Prices of one payment source. */
  prices: 5,
} as const;

/** How long the registry's health check waits for `/availability` (masumi-registry-service). */
export const REGISTRY_CHECK_TIMEOUT_MS = 32_000;
