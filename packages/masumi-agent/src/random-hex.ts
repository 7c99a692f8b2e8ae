import { randomBytes } from "node:crypto";

/**
 * Random bytes as hex, cut from a pool filled 4 KiB at a time, as Node's randomUUID does: one
 * randomBytes call per value was 3% of the CPU time of a /start_job. Each byte is handed out once.
 */
const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let used = 0;

export function randomHex(bytes: number): string {
  if (used + bytes > pool.length) {
    pool = randomBytes(Math.max(POOL_BYTES, bytes));
    used = 0;
  }
  used += bytes;
  return pool.toString("hex", used - bytes, used);
}
