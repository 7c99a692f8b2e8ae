/**
 * node:child_process as commander sees it in the bundled CLI (see deferred-builtins.ts): commander
 * requires it at load for one use, spawning an executable subcommand, which this CLI has none of.
 * Loading it (with node:net and node:dgram behind it) on every run cost about 3 ms of CPU.
 */
import { createRequire } from "node:module";

type ChildProcess = typeof import("node:child_process");

export const spawn: ChildProcess["spawn"] = ((...args: Parameters<ChildProcess["spawn"]>) =>
  (createRequire(import.meta.url)("node:child_process") as ChildProcess).spawn(
    ...args,
  )) as ChildProcess["spawn"];
