import { blocked, fail, pass, skip, type Check } from "../check.js";
import { describeAnswer } from "../exchange.js";
import { REF } from "../refs.js";
import { illegalStep } from "../transitions.js";

/**
 * Bursts of requests at once, run after every other check so that the burst is the only traffic
 * (all other checks keep to a few requests in flight).
 */
export const concurrencyChecks: Check[] = [
  {
    id: "CC-starts",
    level: "MUST",
    profiles: ["mip-003"],
    phase: "burst",
    ref: REF.startJob,
    title: "parallel starts all succeed, each with its own job id",
    hint: "Generate ids without shared counters or read-modify-write races (a UUID per job); let the store handle concurrent writes.",
    async run({ facts }) {
      const starts = await facts.burst();
      const refused = starts.find((start) => !start.accepted || start.jobId === undefined);
      if (refused) {
        return fail({
          message: `one of ${starts.length} parallel starts failed`,
          expected: "a 2xx answer with an id for each",
          actual: describeAnswer(refused.exchange),
          exchange: refused.exchange,
        });
      }
      const ids = starts.map((start) => start.jobId);
      const repeated = ids.find((id, index) => ids.indexOf(id) !== index);
      if (!repeated) return pass(...starts.map((start) => start.exchange));
      return fail({
        message: "parallel starts got the same id",
        expected: `${starts.length} distinct ids`,
        actual: `${repeated} more than once`,
        exchange: starts.find((start) => start.jobId === repeated)?.exchange,
      });
    },
  },
  {
    id: "CC-readable",
    level: "MUST",
    profiles: ["mip-003"],
    phase: "burst",
    ref: REF.status,
    title: "every job of the parallel starts can be read right away via /status",
    hint: "Make a job durable before answering /start_job; concurrent writes must not lose jobs.",
    async run({ facts, client }) {
      // A server that cannot read a fresh job even without concurrency fails ST-fresh instead.
      const [fresh] = (await facts.referenceTimeline()).reads;
      if (fresh?.status === undefined)
        return blocked("ST-fresh", "a fresh job cannot be read even without concurrency");
      const jobIds = [...new Set((await facts.burst()).map((start) => start.jobId).filter((id) => id !== undefined))];
      if (jobIds.length === 0) return blocked("CC-starts", "no parallel start was accepted");
      const reads = await Promise.all(jobIds.map((jobId) => client.status(jobId, true)));
      const unreadable = reads.find((read) => read.status === undefined);
      if (!unreadable) return pass();
      return fail({
        message: `${reads.filter((read) => read.status === undefined).length} of ${reads.length} jobs could not be read`,
        expected: "a 2xx status for each job",
        actual: describeAnswer(unreadable.exchange),
        exchange: unreadable.exchange,
      });
    },
  },
  {
    id: "CC-consistent-reads",
    level: "MUST",
    profiles: ["mip-003"],
    phase: "burst",
    ref: REF.status,
    title: "parallel status reads of one job agree with each other",
    hint: "Read a job's status from one source of truth; do not mix caches that can disagree.",
    async run({ facts, client, options }) {
      const timeline = await facts.referenceTimeline();
      const before = timeline.final ?? timeline.reads[timeline.reads.length - 1];
      if (before?.status === undefined) return skip("the reference job's status could not be read");
      const reads = await Promise.all(
        Array.from({ length: options.concurrency }, () => client.status(timeline.jobId, true)),
      );
      const statuses = reads.map((read) => read.status);
      const settled = timeline.final !== undefined && before.status !== "awaiting_input";
      // A settled job must read the same every time; one still moving may only move forward.
      const disagreeing = settled
        ? reads.find((read) => read.status !== before.status || read.body?.result !== before.body?.result)
        : reads.find((read) => read.status === undefined || illegalStep([before.status, read.status]) !== undefined);
      if (!disagreeing) return pass();
      return fail({
        message: "parallel reads disagree",
        expected: settled ? `${before.status} every time` : `${before.status} or a later status`,
        actual: statuses.join(", "),
        exchange: disagreeing.exchange,
      });
    },
  },
];
