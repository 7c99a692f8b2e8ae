import { blocked, skip, type CheckContext } from "../check.js";
import { describeAnswer } from "../exchange.js";
import type { AwaitingJob } from "../facts.js";
import type { Verdict } from "../types.js";

/**
 * /provide_input is optional: its checks are skipped when the server has no such endpoint, and
 * otherwise need a job that waits for input (PI-drive owns the failure to find one).
 */
export async function withoutProvideInput(ctx: CheckContext): Promise<Verdict | undefined> {
  const probe = await ctx.facts.provideInputProbe();
  if (probe.present) return undefined;
  return skip(
    `the server has no /provide_input endpoint (POST /provide_input answered ${describeAnswer(probe.exchange, 80)})`,
  );
}

/** The first job the drive got into awaiting_input, or the verdict for when there is none. */
export async function firstAwaitingJob(ctx: CheckContext): Promise<AwaitingJob | Verdict> {
  const absent = await withoutProvideInput(ctx);
  if (absent) return absent;
  const [job] = (await ctx.facts.drive()).awaiting;
  return job ?? blocked("PI-drive", "no job reached awaiting_input");
}
