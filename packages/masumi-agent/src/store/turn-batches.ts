/** How one item of a batch ended: its value, or the error that it alone fails with. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

type Queued<I, O> = { item: I; settle: (outcome: Outcome<O>) => void };

/** Runs a batch of items and answers one outcome per item, in their order. */
export type RunBatch<I, O> = (items: I[]) => Outcome<O>[] | Promise<Outcome<O>[]>;

/**
 * Group commit: the items requested in one turn of the event loop are run together at the next
 * (setImmediate), so that a busy agent pays for one commit or one round trip per turn instead of
 * one per write; each caller's promise settles with its own item's outcome. At most `limit`
 * items go into one batch, and the rest wait for the following turn: a burst of writes (e.g.
 * the payments of many jobs confirmed at once) then runs in short slices with the requests that
 * arrived meanwhile in between, instead of holding the event loop for one long batch.
 */
export class TurnBatches<I, O> {
  #first: Queued<I, O>[] = [];
  #queue: Queued<I, O>[] = [];
  #scheduled = false;

  constructor(
    private readonly run: RunBatch<I, O>,
    private readonly limit: number,
  ) {}

  add(item: I): Promise<O> {
    return this.#enqueue(this.#queue, item);
  }

  /**
   * Adds an item that goes into the next batch ahead of everything queued with `add`: for the
   * writes a request waits on (a job's creation), so that a backlog of background writes (its
   * later transitions) delays the jobs' progress, not the answers to new buyers.
   */
  addFirst(item: I): Promise<O> {
    return this.#enqueue(this.#first, item);
  }

  /** Runs everything queued now, batch after batch, e.g. before the store closes. */
  async flush(): Promise<void> {
    while (this.#pending() > 0) await this.#runNext();
  }

  #enqueue(queue: Queued<I, O>[], item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      const settle = (outcome: Outcome<O>) =>
        outcome.ok ? resolve(outcome.value) : reject(outcome.error);
      queue.push({ item, settle });
      this.#schedule();
    });
  }

  #pending(): number {
    return this.#first.length + this.#queue.length;
  }

  #schedule(): void {
    if (this.#scheduled || this.#pending() === 0) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      // A flush may have run everything in the meantime (the store closed).
      if (this.#pending() > 0) void this.#runNext();
    });
  }

  async #runNext(): Promise<void> {
    const batch = this.#first.splice(0, this.limit);
    batch.push(...this.#queue.splice(0, this.limit - batch.length));
    this.#schedule();
    let outcomes: Outcome<O>[];
    try {
      outcomes = await this.run(batch.map(({ item }) => item));
    } catch (error) {
      outcomes = batch.map(() => ({ ok: false, error }));
    }
    batch.forEach(({ settle }, index) => settle(outcomes[index]!));
  }
}

/** Runs `work` and catches what it throws, as the outcome of one item. */
export function outcomeOf<T>(work: () => T): Outcome<T> {
  try {
    return { ok: true, value: work() };
  } catch (error) {
    return { ok: false, error };
  }
}
