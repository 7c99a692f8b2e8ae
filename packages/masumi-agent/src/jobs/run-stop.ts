/**
 * How one run of the agent is stopped: at its time limit, or when a shutdown's grace period is
 * over. The AbortSignal the agent is handed (JobContext.signal) is made only when the agent first
 * reads it: on Node 20 making a signal was a twentieth of the CPU time of a whole job, and most
 * runs never look at theirs.
 */
export class RunStop {
  #controller: AbortController | undefined;
  #stopped = false;
  #reason: unknown;
  #onStop: ((reason: unknown) => void) | undefined;

  /** Aborted with the stop's reason once the run is stopped, also when read only afterwards. */
  get signal(): AbortSignal {
    if (!this.#controller) {
      this.#controller = new AbortController();
      if (this.#stopped) this.#controller.abort(this.#reason);
    }
    return this.#controller.signal;
  }

  get stopped(): boolean {
    return this.#stopped;
  }

  /** Why the run was stopped; undefined while it was not. */
  get reason(): unknown {
    return this.#reason;
  }

  /** Stops the run, once: the first reason counts. */
  stop(reason: unknown): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#reason = reason;
    // The run's own promise first, then the agent's listeners, as one signal had them in order.
    this.#onStop?.(reason);
    this.#controller?.abort(reason);
  }

  throwIfStopped(): void {
    if (this.#stopped) throw this.#reason;
  }

  /**
   * Calls `task` and settles as it does, or rejects with the reason as soon as the run is
   * stopped, whichever comes first; a task that settles later is ignored.
   */
  until<T>(task: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.#stopped) return reject(this.#reason);
      this.#onStop = reject;
      // Called inside then(): a task that throws before its first await rejects like any other.
      Promise.resolve().then(task).then(resolve, reject);
    });
  }
}
