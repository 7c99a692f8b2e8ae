import { readFileSync } from "node:fs";

/**
 * `deno task start` from deno.json, run by the Deno that runs the tests, so that the tests hold
 * the agent to the permissions its start task grants.
 */
const [, ...args] = (
  JSON.parse(readFileSync("deno.json", "utf8")) as { tasks: { start: string } }
).tasks.start.split(" ");

export const startCommand = { file: process.execPath, args };
