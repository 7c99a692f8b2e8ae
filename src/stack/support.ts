import type { StackOptions } from "../options.js";

/**
 * Which choices are built, and which combinations make sense. Everything the CLI cannot honour
 * is refused here, before anything is rendered, with the reason.
 */
const NOT_BUILT: Partial<Record<string, string>> = {};

/** Returns why this stack cannot be generated, or undefined when it can. */
export function unsupportedReason(stack: Omit<StackOptions, "projectName">): string | undefined {
  for (const choice of [stack.runtime, stack.framework, stack.persistence, stack.payment]) {
    const reason = NOT_BUILT[choice];
    if (reason) return reason;
  }
  if (stack.runtime === "bun" && stack.packageManager !== "bun") {
    return `--runtime bun installs with bun, not ${stack.packageManager} (use --pm bun or leave --pm out)`;
  }
  return undefined;
}

/** True when the choice exists and is built, so prompts can offer only what works. */
export function isBuilt(choice: string): boolean {
  return NOT_BUILT[choice] === undefined;
}
