export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads environment variables and collects one readable problem per bad value, so that a start
 * with several mistakes reports all of them at once. Empty values count as unset.
 */
export class EnvReader {
  readonly problems: string[] = [];
  readonly #env: Env;

  constructor(env: Env) {
    this.#env = env;
  }

  string(name: string, fallback: string): string {
    return this.#raw(name) ?? fallback;
  }

  integer(name: string, fallback: number, range: { min: number; max: number }): number {
    const raw = this.#raw(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (/^\d+$/.test(raw) && value >= range.min && value <= range.max) return value;
    this.problems.push(
      `${name} must be a whole number from ${range.min} to ${range.max}, not "${raw}"`,
    );
    return fallback;
  }

  /** An optional value that must match `pattern`; `rule` says what it must be, in words. */
  matching(name: string, pattern: RegExp, rule: string): string | undefined {
    const raw = this.#raw(name);
    if (raw === undefined || pattern.test(raw)) return raw;
    this.problems.push(`${name} must be ${rule}`);
    return undefined;
  }

  #raw(name: string): string | undefined {
    const value = this.#env[name]?.trim();
    return value ? value : undefined;
  }
}
