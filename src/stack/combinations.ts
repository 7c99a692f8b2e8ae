import { FRAMEWORKS, PAYMENTS, PERSISTENCES, RUNTIMES, type StackOptions } from "../options.js";
import { unsupportedReason } from "./support.js";

/**
 * Every stack the CLI can generate today (default package manager per runtime), with the offline
 * agent: agent kinds are one layer of src/agent.ts on top, tested on their own (test/e2e/agents).
 */
export function supportedStacks(projectName = "my-masumi-agent"): StackOptions[] {
  const stacks: StackOptions[] = [];
  for (const runtime of RUNTIMES) {
    for (const framework of FRAMEWORKS) {
      for (const persistence of PERSISTENCES) {
        for (const payment of PAYMENTS) {
          const packageManager = runtime === "bun" ? "bun" : "npm";
          const stack = { projectName, runtime, framework, persistence, payment, packageManager, agent: "offline" } as const;
          if (unsupportedReason(stack) === undefined) stacks.push(stack);
        }
      }
    }
  }
  return stacks;
}
