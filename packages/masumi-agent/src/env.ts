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
    this.report(`${name} must be a whole number from ${range.min} to ${range.max}, not "${raw}"`);
    return fallback;
  }

  /** An optional value that must match `pattern`; `rule` says what it must be, in words. */
  matching(name: string, pattern: RegExp, rule: string): string | undefined {
    const raw = this.#raw(name);
    if (raw === undefined || pattern.test(raw)) return raw;
    this.report(`${name} must be ${rule}`);
    return undefined;
  }

  /** An optional value that must be one of `choices`, exactly as written there. */
  oneOf<T extends string>(name: string, choices: readonly T[]): T | undefined {
    const raw = this.#raw(name);
    const choice = choices.find((candidate) => candidate === raw);
    if (raw !== undefined && choice === undefined) {
      this.report(`${name} must be one of ${choices.join(", ")}, not "${raw}"`);
    }
    return choice;
  }

  /** A value that must be set and match `pattern`; `rule` says what it must be, in words. */
  required(name: string, pattern: RegExp, rule: string): string {
    const raw = this.#raw(name);
    if (raw === undefined) this.report(`${name} is required: ${rule}`);
    else if (!pattern.test(raw)) this.report(`${name} must be ${rule}`);
    else return raw;
    return "";
  }

  /** Records a problem found outside this reader, e.g. two values that do not fit together. */
  report(problem: string): void {
    // AGENT_IDENTIFIER, for one, is read twice when a payment mode requires it.
    if (!this.problems.includes(problem)) this.problems.push(problem);
  }

  #raw(name: string): string | undefined {
    const value = this.#env[name]?.trim();
    return value ? value : undefined;
  }
}
