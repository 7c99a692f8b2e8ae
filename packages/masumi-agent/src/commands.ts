/**
 * masumi-agent/commands: the `check` and `payment-sim` commands to add to a commander program,
 * without the checker or the simulator, which each command imports only when it runs. For CLIs
 * such as create-masumi-agent, whose start should not pay for loading either.
 */
export { registerCheckCommand } from "./check/command.ts";
export { registerPaymentSimCommand } from "./payment-sim/command.ts";
/** What both commands throw for bad input (also exported by masumi-agent/check). */
export { UsageError } from "./usage-error.ts";
