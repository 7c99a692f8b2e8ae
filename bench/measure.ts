/** Small helpers every bench script shares: statistics, timing and "is this file the entry". */
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** True when the module at `url` was started directly (`tsx bench/x.ts`), not imported. */
export function isEntry(url: string): boolean {
  return process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(url);
}

/** QUICK=1 shortens every measurement, for a first look. */
export const QUICK = process.env.QUICK === "1";
