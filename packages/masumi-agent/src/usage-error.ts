/** Bad input from the user of a command (`check`, `payment-sim`): printed as one line, exit code 2. */
export class UsageError extends Error {
  override name = "UsageError";
}
