/**
 * Input checks that fail with the words the real service uses. The service validates input with
 * zod 4 through express-zod-api, which answers 400 with every issue as "<path>: <message>" joined
 * by "; " (express-zod-api common-helpers.ts `getMessageFromError`, zod `locales/en.ts`).
 * A check returns the accepted value, or undefined after adding its issues.
 */

export class Issues {
  private readonly list: string[] = [];

  add(path: string, message: string): void {
    this.list.push(path ? `${path}: ${message}` : message);
  }

  get empty(): boolean {
    return this.list.length === 0;
  }

  /** The 400 message, as express-zod-api joins zod issues. */
  toString(): string {
    return this.list.join("; ");
  }
}

/** zod's name for the type of what was received ("undefined", "null", "array", "NaN", ...). */
function receivedType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number" && Number.isNaN(value)) return "NaN";
  return typeof value;
}

function invalidType(issues: Issues, path: string, expected: string, value: unknown): undefined {
  issues.add(path, `Invalid input: expected ${expected}, received ${receivedType(value)}`);
  return undefined;
}

interface SizeLimits {
  min?: number;
  max?: number;
}

function checkSize(
  issues: Issues,
  path: string,
  origin: string,
  unit: string,
  size: number,
  limits: SizeLimits,
): boolean {
  if (limits.min !== undefined && size < limits.min) {
    issues.add(path, `Too small: expected ${origin} to have >=${limits.min} ${unit}`);
    return false;
  }
  if (limits.max !== undefined && size > limits.max) {
    issues.add(path, `Too big: expected ${origin} to have <=${limits.max} ${unit}`);
    return false;
  }
  return true;
}

/** `z.string()` with optional `.min()`/`.max()`, or `.length()` given as min = max. */
export function checkString(issues: Issues, path: string, value: unknown, limits: SizeLimits = {}): string | undefined {
  if (typeof value !== "string") return invalidType(issues, path, "string", value);
  return checkSize(issues, path, "string", "characters", value.length, limits) ? value : undefined;
}

/** `z.array(item)` with optional size limits; items are checked only when the size is right. */
export function checkArray<T>(
  issues: Issues,
  path: string,
  value: unknown,
  limits: SizeLimits,
  checkItem: (itemPath: string, item: unknown) => T | undefined,
): T[] | undefined {
  if (!Array.isArray(value)) return invalidType(issues, path, "array", value);
  if (!checkSize(issues, path, "array", "items", value.length, limits)) return undefined;
  const items = value.map((item, index) => checkItem(`${path}[${index}]`, item));
  return items.every((item) => item !== undefined) ? (items as T[]) : undefined;
}

export function checkObject(issues: Issues, path: string, value: unknown): Record<string, unknown> | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    return invalidType(issues, path, "object", value);
  return value as Record<string, unknown>;
}

/** `z.nativeEnum(...)`: "Invalid option: expected one of "A"|"B"". */
export function checkEnum<T extends string>(
  issues: Issues,
  path: string,
  value: unknown,
  values: readonly T[],
): T | undefined {
  if ((values as readonly unknown[]).includes(value)) return value as T;
  issues.add(path, `Invalid option: expected one of ${values.map((entry) => JSON.stringify(entry)).join("|")}`);
  return undefined;
}

/** `z.coerce.number().min().max().default()`, as query parameters are read. */
export function checkCoercedNumber(
  issues: Issues,
  path: string,
  value: unknown,
  limits: { min: number; max: number; fallback: number },
): number | undefined {
  if (value === undefined) return limits.fallback;
  const number = Number(value);
  if (Number.isNaN(number)) return invalidType(issues, path, "number", number);
  if (number < limits.min) issues.add(path, `Too small: expected number to be >=${limits.min}`);
  else if (number > limits.max) issues.add(path, `Too big: expected number to be <=${limits.max}`);
  else return number;
  return undefined;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATETIME =
  /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?(?:Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)?$/;

function isCalendarDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * express-zod-api's `ez.dateIn()`: a string that is an ISO date or an ISO date-time (with or without
 * an offset), read with `new Date()`. Anything else (a number of milliseconds too) fails its
 * `z.union` with zod's "Invalid input". Returns Unix milliseconds.
 */
export function checkIsoDate(issues: Issues, path: string, value: unknown): number | undefined {
  const parts = typeof value === "string" ? (ISO_DATE.exec(value) ?? ISO_DATETIME.exec(value)) : null;
  const time = typeof value === "string" ? new Date(value).getTime() : Number.NaN;
  if (parts && isCalendarDate(Number(parts[1]), Number(parts[2]), Number(parts[3])) && !Number.isNaN(time)) return time;
  issues.add(path, "Invalid input");
  return undefined;
}
