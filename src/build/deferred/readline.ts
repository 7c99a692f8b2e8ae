/**
 * node:readline as @clack/core sees it in the bundled CLI (see deferred-builtins.ts): the four
 * functions clack calls, each loading the real module at its first call. The frame (intro, log,
 * note, outro) shares clack's code with the questions but never reads a line, so a run that asks
 * nothing never loads node:readline.
 */
import { createRequire } from "node:module";
import type { Interface, ReadLineOptions } from "node:readline";

type Readline = typeof import("node:readline");
const load = (): Readline => createRequire(import.meta.url)("node:readline") as Readline;

// clack passes an options object, the one form kept of the overloads.
export const createInterface = (options: ReadLineOptions): Interface =>
  load().createInterface(options);
export const emitKeypressEvents: Readline["emitKeypressEvents"] = (...args) =>
  load().emitKeypressEvents(...args);
export const clearLine: Readline["clearLine"] = (...args) => load().clearLine(...args);
export const moveCursor: Readline["moveCursor"] = (...args) => load().moveCursor(...args);

export default { createInterface, emitKeypressEvents, clearLine, moveCursor };
