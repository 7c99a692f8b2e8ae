import { FRAMEWORKS, PAYMENTS, PERSISTENCES, RUNTIMES, type StackOptions } from "../options.js";
import { unsupportedReason } from "./support.js";

/** Every stack the CLI can generate today (default package manager per runtime). */
export function supportedStacks(projectName = "my-masumi-agent"): StackOptions[] {
  const stacks: StackOptions[] = [];
  for (const runtime of RUNTIMES) {
    for (const framework of FRAMEWORKS) {
      for (const persistence of PERSISTENCES) {
        for (const payment of PAYMENTS) {
          const packageManager = runtime === "bun" ? "bun" : "npm";
          const stack = { projectName, runtime, framework, persistence, payment, packageManager } as const;
          if (unsupportedReason(stack) === undefined) stacks.push(stack);
        }
      }
    }
  }
  return stacks;
}
