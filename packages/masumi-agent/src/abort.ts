/**
 * One "abort" listener per signal, however many waits share it. Node keeps a signal's listeners
 * in a list that every add and remove walks, so thousands of jobs each listening on the server's
 * shutdown signal made every new wait cost more (and Node warns past ten listeners).
 */
const callbacks = new WeakMap<AbortSignal, Set<() => void>>();

/** Calls `callback` once when `signal` aborts; returns the function that cancels that. */
export function onAbort(signal: AbortSignal, callback: () => void): () => void {
  let waiting = callbacks.get(signal);
  if (!waiting) {
    const set = new Set<() => void>();
    signal.addEventListener("abort", () => set.forEach((call) => call()), { once: true });
    callbacks.set(signal, set);
    waiting = set;
  }
  waiting.add(callback);
  return () => waiting.delete(callback);
}
