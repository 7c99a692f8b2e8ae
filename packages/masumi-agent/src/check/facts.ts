import { Client, newIdentifier, type Started, type StatusRead } from "./client.js";
import { bodyObject, nonEmptyString } from "./exchange.js";
import { Recorder, type Transport } from "./http.js";
import { inputFields, type Field } from "./input-schema/fields.js";
import { awaitingInputCandidates, everyFieldInput, requiredOnlyInput, type InputData } from "./input-schema/inputs.js";
import { hasFieldList } from "./input-schema/problems.js";
import type { ResolvedOptions } from "./options.js";
import { isSettled, pollUntil, type Timeline } from "./poll.js";
import type { Exchange } from "./types.js";

/**
 * Thrown by a fact that cannot be established because of a failure that another check owns:
 * the check that needed the fact is reported as skipped, naming that check.
 */
export class Blocked extends Error {
  constructor(
    readonly by: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Thrown by a fact the server gives no way to establish, through no failure of its own (no job
 * asks for input): the check that needed it is reported as skipped with the reason.
 */
export class NotTestable extends Error {}

/** Memoises an async computation: every caller shares the first call's promise. */
function once<T>(compute: () => Promise<T>): () => Promise<T> {
  let promise: Promise<T> | undefined;
  return () => (promise ??= compute());
}

function times<T>(count: number, make: () => T): T[] {
  return Array.from({ length: count }, make);
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** A job that asks for input is needed by three checks (accept and replay, stale id, invalid input). */
const AWAITING_JOBS_NEEDED = 3;

export interface AvailabilityFact {
  /** The first answer, as the registry's health check sees it (redirects count as offline). */
  first: Exchange;
  /** The answer after following redirects. */
  final: Exchange;
  body: Record<string, unknown> | undefined;
}

export interface SchemaFact {
  exchange: Exchange;
  raw: unknown;
  fields: Field[];
}

export interface PaymentFact {
  /** A start without identifier_from_purchaser succeeded and answered no blockchainIdentifier. */
  free: boolean;
  /** That start. */
  withoutIdentifier: Started;
}

/** A job in `awaiting_input`, with the reads that got it there. */
export interface AwaitingJob {
  started: Started;
  timeline: Timeline;
  /** The read that showed `awaiting_input`. */
  read: StatusRead;
}

export interface DriveFact {
  /** The input that made a job ask for input; undefined when none did. */
  recipe: InputData | undefined;
  /** The jobs that reached it (the first one shows the agent's input_schema). */
  awaiting: AwaitingJob[];
  attempts: { started: Started; timeline: Timeline | undefined }[];
}

/**
 * What several checks need to know about the server, each established once per run, lazily,
 * and shared: availability, the schema, the reference job and its timeline, a job waiting for
 * input. Exchanges made here are cited by the checks that rely on them.
 */
export class Facts {
  private readonly client: Client;
  private readonly awaitingPool: AwaitingJob[] = [];
  private readonly memo = new Map<string, Promise<unknown>>();

  constructor(
    transport: Transport,
    readonly options: ResolvedOptions,
  ) {
    this.client = new Client(new Recorder(transport));
  }

  /** Computes something once per run under `key`, for checks that share requests with others. */
  shared<T>(key: string, compute: (client: Client) => Promise<T>): Promise<T> {
    let promise = this.memo.get(key) as Promise<T> | undefined;
    if (!promise) {
      promise = compute(this.client);
      this.memo.set(key, promise);
    }
    return promise;
  }

  /** Epoch milliseconds by which a job polled from now must have got where it is awaited. */
  deadline(): number {
    return Date.now() + this.options.jobTimeoutMs;
  }

  readonly availability = once(async (): Promise<AvailabilityFact> => {
    const first = await this.client.get("/availability");
    let final = first;
    for (let hop = 0; hop < 3; hop++) {
      const location = final.response?.headers.location;
      if (!final.response || !REDIRECTS.has(final.response.status) || !location) break;
      const url = new URL(location, final.request.url).toString();
      final = await this.client.send({
        method: "GET",
        path: "/availability",
        url,
      });
    }
    return { first, final, body: bodyObject(final) };
  });

  readonly schema = once(async (): Promise<SchemaFact> => {
    const exchange = await this.client.get("/input_schema");
    const raw = exchange.response?.json;
    return { exchange, raw, fields: inputFields(raw) };
  });

  /** The fields of the schema; blocked when the schema has no field list at all. */
  async fields(): Promise<Field[]> {
    const schema = await this.schema();
    const problems = hasFieldList(schema.raw);
    if (problems.length > 0) throw new Blocked("IS-one-of", `the input schema cannot be read: ${problems.join("; ")}`);
    return schema.fields;
  }

  /** `--input`, or the required fields of the schema filled with valid values. */
  private async requiredInput(): Promise<InputData> {
    if (this.options.input !== undefined) return this.options.input as InputData;
    return requiredOnlyInput(await this.fields());
  }

  /** The input of the reference job: a known valid input, for checks that change one thing in it. */
  async baseInput(): Promise<InputData> {
    return (await this.reference()).input as InputData;
  }

  readonly requiredStart = once(async () => this.client.start(await this.requiredInput(), newIdentifier()));

  /** Every field filled; undefined with `--input`, when the schema is not what inputs come from. */
  readonly everyFieldStart = once(async () =>
    this.options.input === undefined
      ? this.client.start(everyFieldInput(await this.fields()), newIdentifier())
      : undefined,
  );

  /** The job most checks look at: the first accepted of the two valid starts. */
  readonly reference = once(async (): Promise<Started & { jobId: string; identifier: string }> => {
    const starts: (Started | undefined)[] = [await this.requiredStart()];
    if (!starts[0]?.accepted) starts.push(await this.everyFieldStart());
    for (const start of starts) {
      if (start?.accepted && start.jobId !== undefined && start.identifier !== undefined) {
        return { ...start, jobId: start.jobId, identifier: start.identifier };
      }
    }
    if (starts.some((start) => start?.accepted)) throw new Blocked("SJ-id", "the start answer carries no job id");
    throw new Blocked("SJ-start-required", "no valid start was accepted, so there is no job to look at");
  });

  readonly payment = once(async (): Promise<PaymentFact> => {
    const reference = await this.reference();
    const withoutIdentifier = await this.client.start(reference.input, undefined);
    const free = withoutIdentifier.accepted && !nonEmptyString(withoutIdentifier.body?.blockchainIdentifier);
    return { free, withoutIdentifier };
  });

  /** The reference job polled until it settles or asks for input. */
  readonly referenceTimeline = once(async () => {
    const reference = await this.reference();
    return pollUntil(this.client, reference.jobId, (read) => isSettled(read) || read.status === "awaiting_input", {
      deadline: this.deadline(),
    });
  });

  /** POST /provide_input with an empty body: an endpoint that exists refuses it, one that does not answers 404. */
  readonly provideInputProbe = once(async () => {
    const exchange = await this.client.post("/provide_input", {});
    const status = exchange.response?.status;
    return {
      exchange,
      present: status !== undefined && ![404, 405, 501].includes(status),
    };
  });

  /**
   * Starts jobs with the inputs most likely to make the agent ask for input (see
   * awaitingInputCandidates), several of each, and keeps those that reach `awaiting_input`.
   */
  readonly drive = once(async (): Promise<DriveFact> => {
    const reference = await this.reference();
    const fields = this.options.input === undefined ? await this.fields() : (await this.schema()).fields;
    const candidates = awaitingInputCandidates(reference.input as InputData, fields);
    const attempts = await Promise.all(
      candidates.flatMap((candidate) => times(AWAITING_JOBS_NEEDED, () => this.startUntilAwaitingInput(candidate))),
    );
    const found = attempts.filter((attempt): attempt is AwaitingJob => "read" in attempt);
    this.awaitingPool.push(...found);
    return {
      recipe: found[0]?.started.input as InputData | undefined,
      awaiting: found,
      attempts,
    };
  });

  /** A job of its own in `awaiting_input` for each caller. */
  async awaitingJob(): Promise<AwaitingJob> {
    const drive = await this.drive();
    if (!drive.recipe) throw new NotTestable(notDrivenReason(drive));
    const pooled = this.awaitingPool.shift();
    if (pooled) return pooled;
    const attempt = await this.startUntilAwaitingInput(drive.recipe);
    if ("read" in attempt) return attempt;
    throw new NotTestable("a job started with the input that asked for input before did not ask again");
  }

  private async startUntilAwaitingInput(
    input: InputData,
  ): Promise<AwaitingJob | { started: Started; timeline: Timeline | undefined }> {
    const started = await this.client.start(input, newIdentifier());
    if (!started.accepted || started.jobId === undefined) return { started, timeline: undefined };
    const timeline = await pollUntil(
      this.client,
      started.jobId,
      (read) => isSettled(read) || read.status === "awaiting_input",
      {
        deadline: this.deadline(),
        cancelled: () => this.awaitingPool.length >= AWAITING_JOBS_NEEDED,
      },
    );
    return timeline.final?.status === "awaiting_input"
      ? { started, timeline, read: timeline.final }
      : { started, timeline };
  }

  readonly demo = once(() => this.client.get("/demo"));

  /** `concurrency` starts at once, each with its own identifier. */
  readonly burst = once(async () => {
    const reference = await this.reference();
    return Promise.all(
      times(this.options.concurrency, () => this.client.start(reference.input, newIdentifier(), true)),
    );
  });

  /** The seed profile's start: `input_data` as a plain string. */
  readonly seedStart = once(async () => {
    const input = typeof this.options.input === "string" ? this.options.input : "Hello from the conformance checker";
    // Sent with an identifier too: current paid agents require one (spec section 7), seed agents ignore it.
    return this.client.start(input, newIdentifier());
  });

  readonly seedTimeline = once(async () => {
    const started = await this.seedStart();
    const jobId = started.body?.job_id;
    if (!nonEmptyString(jobId)) throw new Blocked("SJ-seed-start", "the seed start answered no job_id");
    return pollUntil(this.client, jobId, isSettled, {
      deadline: this.deadline(),
    });
  });

  /**
   * The traffic that checks about the whole run (content types, 5xx) need at least: a job
   * started and followed. Best effort: returns why the job could not be followed, if so.
   */
  async baseline(): Promise<Blocked | undefined> {
    const work = this.options.profile === "seed" ? this.seedTimeline() : this.referenceTimeline();
    const [, blocked] = await Promise.all([
      this.availability(),
      work.then(
        () => undefined,
        (error: unknown) => {
          if (error instanceof Blocked) return error;
          throw error;
        },
      ),
    ]);
    return blocked;
  }
}

/** Why no job could be driven into awaiting_input: how each attempt ended. */
export function notDrivenReason(drive: DriveFact): string {
  const outcomes = drive.attempts.map(({ started, timeline }) =>
    !started.accepted
      ? `refused (${started.exchange.response?.status ?? "no answer"})`
      : (timeline?.reads[timeline.reads.length - 1]?.status ?? "unreadable"),
  );
  const counts = new Map<string, number>();
  for (const outcome of outcomes) counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
  const ended = [...counts].map(([outcome, count]) => `${count} ${outcome}`).join(", ");
  const why = outcomes.every((outcome) => outcome === "awaiting_payment")
    ? "a real payment would be needed to get further"
    : "pass --input with an input that makes the agent ask for input, to test it";
  return `no job reached awaiting_input (${outcomes.length} jobs started with booleans switched on and other choices ended: ${ended}); ${why}`;
}
