/**
 * Lets work through a few at a time, one group per turn of the event loop: each turn lets
 * `perTurn` waiters go on (at setImmediate, after the turn's input and output), and the rest
 * wait for the following turns. Work in the background passes it before it starts, so that a
 * backlog of it (the payments of many jobs confirmed at once, each starting a run) is done in
 * short slices with the requests that arrived meanwhile answered in between, instead of holding
 * the event loop while buyers wait.
 */
export class TurnGate {
  #waiting: (() => void)[] = [];
  #scheduled = false;

  constructor(private readonly perTurn: number) {}

  /** Resolves at the turn when this caller's group goes on. */
  pass(): Promise<void> {
    return new Promise((resolve) => {
      this.#waiting.push(resolve);
      this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#scheduled || this.#waiting.length === 0) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      for (const resolve of this.#waiting.splice(0, this.perTurn)) resolve();
      this.#schedule();
    });
  }
}
