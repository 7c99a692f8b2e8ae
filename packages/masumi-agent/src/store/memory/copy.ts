/**
 * A copy of a job or patch, which hold JSON data: plain objects and arrays are copied here,
 * about five times faster than structuredClone for a job; anything else that is an object
 * (a Date, a class instance) goes to structuredClone, which refuses functions and symbols as before.
 */
export function copyData<T>(value: T): T {
  if (typeof value === "function" || typeof value === "symbol") return structuredClone(value);
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) return value.map(copyData) as T;
  if (Object.getPrototypeOf(value) !== Object.prototype) return structuredClone(value);
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value))
    copy[key] = copyData((value as Record<string, unknown>)[key]);
  return copy as T;
}
