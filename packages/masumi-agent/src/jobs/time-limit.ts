/**
 * The time limit of one run of the agent: calls `onExpired` once the run has worked `ms` in all.
 * The clock stops while the run awaits input (see pause): that time is the buyer's, who may take
 * hours to answer, and the limit is there to end runs that hang, not to hurry buyers.
 */
export class TimeLimit {
  readonly #onExpired: () => void;
  #remainingMs: number;
  #startedAt = 0;
  #timer: NodeJS.Timeout | undefined;
  #ended = false;

  constructor(ms: number, onExpired: () => void) {
    this.#remainingMs = ms;
    this.#onExpired = onExpired;
    this.resume();
  }

  /** Stops the clock, keeping the time left. */
  pause(): void {
    if (this.#timer === undefined) return;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#remainingMs -= Date.now() - this.#startedAt;
  }

  /** Starts the clock again with the time that was left. */
  resume(): void {
    if (this.#timer !== undefined || this.#ended) return;
    this.#startedAt = Date.now();
    this.#timer = setTimeout(this.#onExpired, Math.max(0, this.#remainingMs));
    // A pending limit alone does not keep the process alive.
    this.#timer.unref();
  }

  /** Stops the clock for good: the run is over. */
  end(): void {
    this.pause();
    this.#ended = true;
  }
}

/** A duration as a person says it: "10 minutes", "90 seconds", "1500 ms". */
export function formatDuration(ms: number): string {
  const units = [
    ["hour", 3_600_000],
    ["minute", 60_000],
    ["second", 1_000],
  ] as const;
  for (const [unit, size] of units) {
    if (ms >= size && ms % size === 0) {
      const count = ms / size;
      return `${count} ${unit}${count === 1 ? "" : "s"}`;
    }
  }
  return `${ms} ms`;
}
