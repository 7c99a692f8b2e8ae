/**
 * node:process as @clack/core and @clack/prompts see it in the bundled CLI (see
 * deferred-builtins.ts): the process object as a CommonJS module, whose properties the bundle
 * reads where they are used. Imported as an ES module, node:process copies every property of
 * the process at load, so it opened standard input (which a run that asks nothing never reads)
 * and built the module's facade: about 2 ms of every run.
 */
export = process;
