/**
 * What a load leaves behind. A started job is answered at once, but its lifecycle (the simulated
 * payment after SIMULATED_PAYMENT_DELAY_MS, the run, the result, its submission) runs after the
 * answer, and a server loaded faster than it completes jobs goes on working for seconds after
 * the load ended: 10 s of POST /start_job at 8.5k/s kept the SQLite agent at 1.15 cores for
 * another 6.5 s. Req/s over the load's window alone leaves that work out, and the next load
 * measured (an anchor's) would share the cores with it. So a load of starts waits until the
 * server is quiet, and counts the server's CPU time until then.
 */
import { processCpuSeconds } from "../test/helpers/processes.js";

/** The server's CPU time (user and system, seconds) read at a moment (ms, any clock). */
export interface CpuSample {
  atMs: number;
  cpuSeconds: number;
}

export interface QuietRule {
  /** Quiet for this long counts as done: longer than the payment delay, after which runs start. */
  quietMs: number;
  /** A stretch between two samples is busy above this share of one core. */
  busyShare: number;
}

/** Quiet for 2 s at under 10% of a core: the default agent's payments come 1 s after a start. */
export const QUIET: QuietRule = { quietMs: 2_000, busyShare: 0.1 };

/**
 * The last sample at the end of a busy stretch, once the samples after it have been quiet for
 * `quietMs`; undefined while they have not (yet). The first sample is where the wait began.
 */
export function settledSample(samples: CpuSample[], rule: QuietRule): CpuSample | undefined {
  let lastBusy = samples[0];
  for (let index = 1; index < samples.length; index++) {
    const before = samples[index - 1]!;
    const sample = samples[index]!;
    const share = ((sample.cpuSeconds - before.cpuSeconds) * 1000) / (sample.atMs - before.atMs);
    if (share > rule.busyShare) lastBusy = sample;
  }
  const last = samples.at(-1);
  if (!lastBusy || !last || last.atMs - lastBusy.atMs < rule.quietMs) return undefined;
  return lastBusy;
}

export interface Settled {
  /** From the load's end until the server's last busy moment, in seconds. */
  afterLoadS: number;
  /** The server's CPU time at that moment, in seconds. */
  cpuSeconds: number;
}

/**
 * Waits until the server `pid` has been quiet (see QUIET), reading its CPU time every `everyMs`,
 * for at most `timeoutMs`; the load ended when this is called.
 */
export async function waitUntilSettled(
  pid: number,
  { rule = QUIET, everyMs = 100, timeoutMs = 120_000 } = {},
): Promise<Settled> {
  const read = async (): Promise<CpuSample> => ({
    atMs: performance.now(),
    cpuSeconds: await processCpuSeconds(pid),
  });
  const samples = [await read()];
  const loadEndedAt = samples[0]!.atMs;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, everyMs));
    samples.push(await read());
    const settled = settledSample(samples, rule);
    if (settled)
      return { afterLoadS: (settled.atMs - loadEndedAt) / 1000, cpuSeconds: settled.cpuSeconds };
    if (samples.at(-1)!.atMs - loadEndedAt > timeoutMs) {
      throw new Error(`server ${pid} was still busy ${timeoutMs / 1000} s after the load ended`);
    }
  }
}
