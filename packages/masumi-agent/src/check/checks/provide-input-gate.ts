import { skip, type CheckContext } from "../check.js";
import { describeAnswer } from "../exchange.js";
import { notDrivenReason, type AwaitingJob } from "../facts.js";
import type { Verdict } from "../types.js";

/**
 * /provide_input is optional: its checks are skipped when the server has no such endpoint, and
 * otherwise need a job that waits for input: without one they are skipped, saying why.
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
  const drive = await ctx.facts.drive();
  return drive.awaiting[0] ?? skip(notDrivenReason(drive));
}
