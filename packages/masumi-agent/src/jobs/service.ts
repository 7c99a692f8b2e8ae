import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "../log.ts";
import { PaymentError, type FundsOutcome, type PaymentProvider } from "../payment/payment.ts";
import { randomHex } from "../random-hex.ts";
import { StoreUnavailableError, type JobStore, type Lease } from "../store/store.ts";
import { TurnBatches } from "../store/turn-batches.ts";
import { RequestError } from "./errors.ts";
import { inputHash, resultHash } from "./hash.ts";
import { toInputObject, type InputDataObject } from "./input-data.ts";
import { inputSchemaHashes } from "./schema-hash.ts";
import { schemaProblems, type InputOf, type InputSchema, type InputValues } from "./schema.ts";
import { servedInputSchema } from "./served-schema.ts";
import { shownStatusId } from "./status-id.ts";
import { RunStop } from "./run-stop.ts";
import type { Signer } from "./signer.ts";
import { formatDuration, TimeLimit } from "./time-limit.ts";
import type { Agent, Job, JobContext } from "./types.ts";
import { validateInput } from "./validate.ts";

/**
 * How much work in the background may start in one turn of the event loop: paid jobs moving to
 * running and runs of the agent, together, each let through as one item of a TurnBatches whose
 * batches do nothing, so that the requests that arrived are answered between batches. Measured on
 * Node + Hono with the Redis store, POST /start_job at 50 connections, jobs paid after 1 s:
 * without a limit, each payment timer started its run at once, and the runs' store replies came
 * back in bursts that held the event loop for 120-200 ms (the most it lagged in each second);
 * starts were answered at 3.5-4.5k/s with p99s of 350-800 ms. With 32 per turn: 10-28 ms of lag,
 * 5.7-6.7k/s, p99 55-62 ms in two runs of three (363 ms in one, after a single lag of 205 ms).
 */
const BACKGROUND_STARTS_PER_TURN = 32;

export interface StartJobRequest {
  identifierFromPurchaser: unknown;
  inputData: unknown;
}

export interface ProvideInputRequest {
  jobId: unknown;
  /** Which question is answered, as clients since 2026 name it (see inputSchemaHashes). */
  inputSchemaHash: unknown;
  /** Which question is answered, as older clients name it: the `id` /status served. */
  statusId: unknown;
  inputData: unknown;
}

export interface InputReceipt {
  inputHash: string;
  /** Ed25519 signature of the input hash by the agent's key, hex. */
  signature: string;
}

export interface JobServiceOptions {
  agent: Agent;
  store: JobStore;
  payment: PaymentProvider;
  signer: Signer;
  log: Logger;
  /** Pauses between attempts to submit a result hash; the last one repeats until the deadline. */
  submitRetryDelaysMs?: readonly number[];
  /** How often a running job is resumed after the process stopped, before it fails instead. */
  maxRestarts?: number;
  /**
   * How long a job stays with this process without a sign of life (see Lease). The leases are
   * renewed, and other processes' expired jobs taken over, every third of it.
   */
  leaseMs?: number;
  /** How often runs paused for input look whether another process took the answer. */
  inputPollMs?: number;
  /**
   * How long one run of the agent may work before its job fails; time awaiting input does not
   * count (see TimeLimit).
   */
  jobTimeoutMs?: number;
}

/** What the Masumi payment service accepts as identifier_from_purchaser: 7 to 13 hex bytes. */
const PURCHASER_IDENTIFIER = /^(?:[0-9a-fA-F]{2}){7,13}$/;

const SHA256_HEX = /^[0-9a-fA-F]{64}$/;

/** How many expired jobs one sweep takes over; the next sweep takes more. */
const CLAIM_BATCH = 100;

/** Thrown inside a run that can no longer finish here: the server stops, or the job moved on. */
class JobInterrupted extends Error {
  override name = "AbortError";
}

/** Why a run that worked longer than the time limit was stopped; its job fails with the message. */
class JobTimedOut extends Error {
  override name = "TimeoutError";
}

/** A run paused in requestInput, waiting for the answer to the status id it set. */
interface PausedRun {
  statusId: string;
  resume(job: Job): void;
  interrupt(reason: string): void;
}

/**
 * The job lifecycle, independent of HTTP: awaiting_payment -> running -> completed | failed,
 * with running <-> awaiting_input while the agent waits for the buyer. Every status change is a
 * compare-and-set on the job's status id, so a change is applied once even when requests race.
 *
 * Several processes may share one store: each job is worked on by the process holding its lease
 * (see Lease). A new job stays with the process that started it; a job whose process died is
 * taken over by the next sweep of another one; an answer for a run paused elsewhere is seen by
 * that run's poll.
 */
export class JobService {
  readonly #agent: Agent;
  readonly #store: JobStore;
  readonly #payment: PaymentProvider;
  readonly #signer: Signer;
  readonly #log: Logger;
  readonly #submitRetryDelaysMs: readonly number[];
  readonly #maxRestarts: number;
  readonly #leaseMs: number;
  readonly #inputPollMs: number;
  readonly #jobTimeoutMs: number;
  /** This process in the leases it holds. */
  readonly #owner = randomUUID();
  /** The jobs this process works on, whose leases it renews. */
  readonly #held = new Set<string>();
  /** Runs paused in requestInput in this process, by job id; an answer resumes them. */
  readonly #paused = new Map<string, PausedRun>();
  /** Work in the background (payment watches, runs, submissions), awaited on shutdown. */
  readonly #tasks = new Set<Promise<void>>();
  /** The runs of the agent going on here, by the controllers of their signals. */
  readonly #runs = new Set<RunStop>();
  readonly #timers: NodeJS.Timeout[] = [];
  /** What work in the background passes first: a few per turn, requests answered in between. */
  readonly #backgroundStarts = new TurnBatches<void, void>(
    (starts) => starts.map(() => ({ ok: true, value: undefined })),
    BACKGROUND_STARTS_PER_TURN,
  );
  readonly #shutdown = new AbortController();
  /** Set when the shutdown's grace period is over: a run that had not started then never does. */
  #interrupted = false;
  /** Whether the last heartbeat found the store unreachable. */
  #storeDown = false;
  /**
   * The store as work in the background writes to it: requests fail at once while the store is
   * unreachable (503, the caller retries), but a run's result or a job's next status has nobody
   * to retry it, so these writes wait for the store to come back (see #untilStored).
   */
  readonly #retryingStore: Pick<JobStore, "transition"> = {
    transition: (...args) => this.#untilStored(() => this.#store.transition(...args)),
  };

  constructor(options: JobServiceOptions) {
    this.#agent = options.agent;
    this.#store = options.store;
    this.#payment = options.payment;
    this.#signer = options.signer;
    this.#log = options.log;
    this.#submitRetryDelaysMs = options.submitRetryDelaysMs ?? [1_000, 5_000, 30_000, 120_000];
    this.#maxRestarts = options.maxRestarts ?? 3;
    this.#leaseMs = options.leaseMs ?? 30_000;
    this.#inputPollMs = options.inputPollMs ?? 1_000;
    this.#jobTimeoutMs = options.jobTimeoutMs ?? 600_000;
  }

  /** False once shutdown began: new jobs and input are refused from then on. */
  get accepting(): boolean {
    return !this.#shutdown.signal.aborted;
  }

  /**
   * False while the heartbeat finds the store unreachable: /availability then says so, and
   * marketplaces send no new jobs that would only be refused with 503.
   */
  get storeReachable(): boolean {
    return !this.#storeDown;
  }

  async startJob(request: StartJobRequest): Promise<Job> {
    this.#assertAccepting();
    const identifierFromPurchaser = this.#purchaserIdentifier(request.identifierFromPurchaser);
    const schema = this.#agent.inputSchema;
    const data = this.#inputObject(request.inputData, schema);
    const input = this.#validate(schema, data);
    const id = randomUUID();
    const hash = inputHash(identifierFromPurchaser, data);
    const payment = await this.#payment.createPayment({
      jobId: id,
      identifierFromPurchaser,
      inputHash: hash,
    });
    const now = Date.now();
    const job: Job = {
      id,
      statusId: randomUUID(),
      status: payment ? "awaiting_payment" : "running",
      identifierFromPurchaser,
      input,
      inputHash: hash,
      payment,
      inputRequest: null,
      inputs: [],
      result: null,
      resultHash: null,
      resultSubmittedAt: null,
      message: null,
      restarts: 0,
      createdAt: now,
      updatedAt: now,
    };
    await this.#store.create(job, this.#lease());
    this.#log.info(`Job ${id} started, ${job.status}`);
    this.#work(id, payment ? this.#awaitPayment(job) : this.#execute(job));
    return job;
  }

  async getJob(jobId: unknown): Promise<Job> {
    return found(jobId, await this.#store.get(requiredJobId(jobId)));
  }

  /** The job to read only, as the store peeks at it (see JobStore.peek): what /status answers. */
  async peekJob(jobId: unknown): Promise<Readonly<Job>> {
    return found(jobId, await this.#store.peek(requiredJobId(jobId)));
  }

  /**
   * Applies the buyer's answer to a job awaiting input, once, and resumes the job. The answer
   * names its question by input_schema_hash or status_id: one of an earlier question is refused
   * as stale. A hash that matches no form of the awaited schema is taken as the client hashing
   * differently: the answer still has to fit the awaited schema (refusing it would strand a paid
   * job), and the mismatch is logged.
   */
  async provideInput(request: ProvideInputRequest): Promise<InputReceipt> {
    this.#assertAccepting();
    const schemaHash = questionReference(request.inputSchemaHash, "input_schema_hash");
    const statusId = questionReference(request.statusId, "status_id");
    if (schemaHash === undefined && statusId === undefined) {
      throw new RequestError(
        "invalid_request",
        "input_schema_hash (or, from older clients, status_id) is required",
      );
    }
    if (schemaHash !== undefined && !SHA256_HEX.test(schemaHash)) {
      throw new RequestError("invalid_request", "input_schema_hash must be a sha256 in hex");
    }
    const job = await this.getJob(request.jobId);
    if (job.status !== "awaiting_input" || !job.inputRequest) {
      throw new RequestError(
        "not_awaiting_input",
        `Job ${job.id} is not awaiting input; its status is ${job.status}`,
      );
    }
    if (statusId !== undefined && statusId !== shownStatusId(job)) throw staleStatus(job);
    const schemaHashes = inputSchemaHashes(servedInputSchema(job.inputRequest));
    const hash = schemaHash?.toLowerCase();
    const unmatched = hash !== undefined && !schemaHashes.includes(hash);
    if (unmatched && job.inputs.some((answer) => answer.schemaHashes?.includes(hash))) {
      throw new RequestError(
        "stale_status",
        `input_schema_hash names an earlier question of job ${job.id}; read /status again`,
      );
    }
    const data = this.#inputObject(request.inputData, job.inputRequest.schema);
    const values = this.#validate(job.inputRequest.schema, data);
    const answerHash = inputHash(job.identifierFromPurchaser, data);
    const answer = {
      statusId: job.statusId,
      schemaHashes,
      values,
      inputHash: answerHash,
      providedAt: Date.now(),
    };
    const resumed = await this.#store.transition(job.id, job.statusId, {
      status: "running",
      statusId: randomUUID(),
      inputRequest: null,
      message: null,
      inputs: [...job.inputs, answer],
    });
    // Someone else answered between our read and our write: theirs counts, this one does not.
    if (!resumed) throw staleStatus(job);
    if (unmatched) {
      this.#log.warn(
        `Job ${job.id}: input_schema_hash ${hash} matches no form of the schema it awaited; ` +
          "the input fits that schema, so it was accepted",
      );
    }
    this.#log.info(`Job ${job.id} received input`);
    const paused = this.#paused.get(job.id);
    if (paused) {
      paused.resume(resumed);
    } else if (await this.#store.claim(job.id, this.#lease())) {
      // The run that asked is gone (its process stopped): run again, replaying the answers.
      this.#work(job.id, this.#execute(resumed));
    }
    // Otherwise the run that asked is paused in another process, whose poll resumes it.
    return { inputHash: answerHash, signature: this.#signer.sign(answerHash) };
  }

  /**
   * Picks up the jobs that processes which stopped left behind (an earlier run of this one, or
   * another instance): watches payments again, resumes running jobs by running them again from
   * the start (answers already given are replayed), and retries result submissions. Then keeps
   * doing so in the background, renews this process's leases and polls its paused runs. Returns
   * how many jobs the first sweep picked up.
   */
  async recover(): Promise<number> {
    const picked = await this.#track(this.#sweep());
    if (!this.accepting) return picked; // a shutdown began meanwhile
    this.#every(this.#leaseMs / 3, () => this.#heartbeat());
    this.#every(this.#inputPollMs, () => this.#pollPaused());
    return picked;
  }

  /**
   * Shuts the service down. At once: refuses new jobs and input, stops watching payments and
   * submitting results (the next start does both again), and ends the runs paused for input
   * (their jobs keep waiting in the store). Then waits up to `graceMs` for the running jobs to
   * finish. The runs still going after that get their signal aborted and whatever they return is
   * dropped: their jobs stay `running`, and their leases are released, so that another instance
   * takes them over at once, or this one at the next start. Resolves true when all finished.
   */
  async stop(graceMs: number): Promise<boolean> {
    // Taken first: runs paused for input end at the abort, and their jobs need releasing too.
    const held = new Set(this.#held);
    this.#shutdown.abort();
    for (const timer of this.#timers) clearInterval(timer);
    // Also the work that requests in flight start meanwhile.
    const finished = (async () => {
      while (this.#tasks.size > 0) await Promise.allSettled([...this.#tasks]);
      return true;
    })();
    // Held (ref'd) so that the process waits out the grace period even when nothing else is
    // left to keep it alive (a memory or SQLite store, the server closed); cancelled once done.
    const grace = new AbortController();
    const timedOut = sleep(graceMs, false, { signal: grace.signal }).catch(() => false);
    const allFinished = await Promise.race([finished, timedOut]);
    grace.abort();
    this.#interrupted = true;
    for (const run of this.#runs) {
      run.stop(new JobInterrupted("The server shut down before the job finished"));
    }
    // With those taken up meanwhile, e.g. by an answer that arrived as the shutdown began.
    for (const id of this.#held) held.add(id);
    await this.#store
      .release([...held], this.#owner)
      .catch((error: unknown) => this.#log.error("Could not release the job leases", error));
    return allFinished;
  }

  #lease(): Lease {
    return { owner: this.#owner, until: Date.now() + this.#leaseMs };
  }

  /**
   * Repeats `write` while the store is unreachable, backing off up to 2 s, until it lands or the
   * server shuts down. The job's lease may run out meanwhile; the write is still a compare-and-set,
   * so it does not overwrite a job that another process took over.
   */
  async #untilStored<T>(write: () => Promise<T>): Promise<T> {
    for (let delay = 250; ; delay = Math.min(delay * 2, 2_000)) {
      try {
        return await write();
      } catch (error) {
        if (!(error instanceof StoreUnavailableError) || !this.accepting) throw error;
        if (delay === 250) this.#log.warn(`${error.message}; retrying until it is back`);
        await sleep(delay, undefined, { signal: this.#shutdown.signal }).catch(() => {
          throw error;
        });
      }
    }
  }

  /** Runs `action` every `ms` in the background, one at a time, until shutdown. */
  #every(ms: number, action: () => Promise<unknown>): void {
    let busy = false;
    const timer = setInterval(() => {
      if (busy || !this.accepting) return;
      busy = true;
      void this.#track(
        action().catch((error: unknown) => {
          // The heartbeat reports the store's outages, once each.
          if (error instanceof StoreUnavailableError) return;
          this.#log.error("A background check failed", error);
        }),
      ).finally(() => (busy = false));
    }, ms);
    timer.unref();
    this.#timers.push(timer);
  }

  async #heartbeat(): Promise<void> {
    try {
      if (this.#held.size > 0) await this.#store.renew([...this.#held], this.#lease());
      await this.#sweep();
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      // Said once per outage, not at every beat.
      if (!this.#storeDown) this.#log.warn(`${error.message}; waiting for it to come back`);
      this.#storeDown = true;
      return;
    }
    if (this.#storeDown) this.#log.info("The job store answers again");
    this.#storeDown = false;
  }

  /** Takes over the pending jobs whose lease ran out; returns how many. */
  async #sweep(): Promise<number> {
    let picked = 0;
    for (;;) {
      const jobs = await this.#store.claimExpired(this.#lease(), CLAIM_BATCH);
      for (const job of jobs) {
        // Our own lease ran out (the store was unreachable for a while): the work goes on here.
        if (this.#held.has(job.id)) continue;
        picked++;
        // Claimed as a shutdown began: held only to be released with the others (see stop).
        if (!this.accepting) this.#held.add(job.id);
        else if (job.status === "awaiting_payment") this.#work(job.id, this.#awaitPayment(job));
        else if (job.status === "running") this.#work(job.id, this.#resume(job));
        else if (job.status === "completed") this.#work(job.id, this.#submitResult(job));
      }
      if (jobs.length < CLAIM_BATCH) return picked;
    }
  }

  /** Resumes paused runs whose answer another process took, and stops those that moved on. */
  async #pollPaused(): Promise<void> {
    for (const [id, paused] of this.#paused) {
      const job = await this.#store.get(id);
      if (job?.statusId === paused.statusId) continue;
      if (job?.status === "running") paused.resume(job);
      else paused.interrupt(`Job ${id} moved on while it waited for input`);
    }
  }

  #assertAccepting(): void {
    if (!this.accepting) throw new RequestError("unavailable", "The agent is shutting down");
  }

  #purchaserIdentifier(raw: unknown): string {
    const missing = raw === undefined || raw === null || raw === "";
    if (this.#payment.requiresPayment) {
      if (typeof raw === "string" && PURCHASER_IDENTIFIER.test(raw)) return raw;
      const rule = "a hex string of even length, 14 to 26 characters";
      throw new RequestError(
        "invalid_identifier",
        missing
          ? `identifier_from_purchaser is required: ${rule}`
          : `identifier_from_purchaser must be ${rule}`,
      );
    }
    // A free job needs no purchaser identifier; one is made up so the input hash is defined.
    if (missing) return randomHex(8);
    if (typeof raw === "string" && raw.length <= 256) return raw;
    throw new RequestError(
      "invalid_identifier",
      "identifier_from_purchaser must be a string of at most 256 characters",
    );
  }

  #inputObject(raw: unknown, schema: InputSchema): InputDataObject {
    if (raw === undefined || raw === null) {
      throw new RequestError("invalid_input", "input_data is required");
    }
    const data = toInputObject(raw, schema);
    if (typeof data === "string") throw new RequestError("invalid_input", data);
    return data;
  }

  #validate(schema: InputSchema, data: InputDataObject): InputValues {
    const checked = validateInput(schema, data);
    if (checked.ok) return checked.values;
    throw new RequestError(
      "invalid_input",
      "input_data does not match the input schema",
      checked.details,
    );
  }

  /** Works on a job in the background, holding its lease (renewed) until the work ends. */
  #work(jobId: string, task: Promise<void>): void {
    this.#held.add(jobId);
    const logged = task.catch((error: unknown) =>
      this.#log.error(`Work on job ${jobId} failed`, error),
    );
    void this.#track(logged).finally(() => this.#held.delete(jobId));
  }

  /** Counts `task` in the work that a shutdown waits for; returns it as it is. */
  #track<T>(task: Promise<T>): Promise<T> {
    const settled = task.then(
      () => {},
      () => {},
    );
    this.#tasks.add(settled);
    void settled.finally(() => this.#tasks.delete(settled));
    return task;
  }

  async #awaitPayment(job: Job): Promise<void> {
    if (!job.payment) return;
    let outcome: FundsOutcome;
    try {
      outcome = await this.#payment.waitForFunds(job.payment, this.#shutdown.signal);
    } catch (error) {
      if (!this.accepting) return; // shutting down: the next start watches again
      this.#log.error(`Could not check the payment of job ${job.id}`, error);
      await this.#fail(job, "The payment could not be checked");
      return;
    }
    await this.#backgroundStarts.add();
    if (!outcome.locked) {
      await this.#fail(job, outcome.reason);
      return;
    }
    const running = await this.#retryingStore.transition(job.id, job.statusId, {
      status: "running",
      statusId: randomUUID(),
    });
    if (!running) return;
    this.#log.info(`Job ${job.id} is paid, running`);
    await this.#execute(running);
  }

  async #resume(job: Job): Promise<void> {
    if (job.restarts >= this.#maxRestarts) {
      await this.#fail(job, `The job was interrupted by ${job.restarts + 1} restarts; giving up`);
      return;
    }
    // A new status id makes this a claim: another process resuming the job too would lose.
    const claimed = await this.#retryingStore.transition(job.id, job.statusId, {
      statusId: randomUUID(),
      restarts: job.restarts + 1,
    });
    if (!claimed) return;
    this.#log.info(`Job ${job.id} was running when the server stopped; running it again`);
    await this.#execute(claimed);
  }

  /**
   * Runs the agent for a job that is `running`, and records its outcome. The run ends at the
   * latest when its signal aborts: at the time limit, or when a shutdown's grace period is over.
   */
  async #execute(job: Job): Promise<void> {
    await this.#backgroundStarts.add();
    // Its job stays running, its lease released: the next start runs it (see stop).
    if (this.#interrupted) return;
    // The agent gets copies: what a store returns may be frozen and shared (see JobStore).
    const replay = job.inputs.map((answer) => structuredClone(answer.values));
    // The job as this run last saw it; each pause for input moves it on.
    let current = job;
    const run = new RunStop();
    // Each run gets the whole limit: one resumed after a restart starts over from the top.
    const limit = new TimeLimit(this.#jobTimeoutMs, () => {
      const duration = formatDuration(this.#jobTimeoutMs);
      run.stop(new JobTimedOut(`The job ran longer than ${duration}, its time limit`));
    });
    const ctx: JobContext = {
      jobId: job.id,
      identifierFromPurchaser: job.identifierFromPurchaser,
      get signal() {
        return run.signal;
      },
      requestInput: async <S extends InputSchema>(schema: S, message?: string) => {
        const replayed = replay.shift();
        if (replayed) return replayed as InputOf<S>;
        // A run that goes on after its end asks the buyer nothing.
        run.throwIfStopped();
        limit.pause();
        try {
          current = await this.#pauseForInput(current, schema, message);
        } finally {
          limit.resume();
        }
        return structuredClone(current.inputs.at(-1)?.values ?? {}) as InputOf<S>;
      },
    };
    this.#runs.add(run);
    let result: string;
    try {
      result = await run.until(() => this.#agent.run(structuredClone(job.input), ctx));
    } catch (error) {
      const reason: unknown = run.stopped ? run.reason : error;
      // Interrupted, or stopped by the shutdown: the job stays as it is and resumes at next start.
      if (reason instanceof JobInterrupted) return;
      if (reason instanceof JobTimedOut) {
        await this.#fail(current, reason.message);
        return;
      }
      this.#log.error(`Job ${job.id} failed`, error);
      await this.#fail(current, `The agent failed: ${errorMessage(error)}`);
      return;
    } finally {
      limit.end();
      this.#runs.delete(run);
    }
    if (typeof result !== "string" || result === "") {
      await this.#fail(current, "The agent returned an empty result");
      return;
    }
    const completed = await this.#retryingStore.transition(current.id, current.statusId, {
      status: "completed",
      statusId: randomUUID(),
      result,
      resultHash: resultHash(job.identifierFromPurchaser, result),
    });
    if (!completed) {
      this.#log.warn(`Job ${job.id} changed while it ran; its result was dropped`);
      return;
    }
    this.#log.info(`Job ${job.id} completed`);
    await this.#submitResult(completed);
  }

  /** Moves the job to awaiting_input and resolves with the job once input was provided. */
  async #pauseForInput(job: Job, schema: InputSchema, message: string | undefined): Promise<Job> {
    const problems = schemaProblems(schema);
    if (problems.length > 0) {
      throw new Error(`requestInput got an invalid schema: ${problems.join("; ")}`);
    }
    const waiting = await this.#retryingStore.transition(job.id, job.statusId, {
      status: "awaiting_input",
      statusId: randomUUID(),
      inputRequest: { schema, message: message ?? null },
      message: message ?? null,
    });
    if (!waiting) throw new JobInterrupted(`Job ${job.id} changed while it ran`);
    this.#log.info(`Job ${job.id} is awaiting input`);
    const signal = this.#shutdown.signal;
    return new Promise<Job>((resolve, reject) => {
      const onShutdown = () => paused.interrupt("The server is shutting down");
      const paused: PausedRun = {
        statusId: waiting.statusId,
        resume: (answered) => {
          this.#paused.delete(job.id);
          signal.removeEventListener("abort", onShutdown);
          resolve(answered);
        },
        interrupt: (reason) => {
          this.#paused.delete(job.id);
          signal.removeEventListener("abort", onShutdown);
          reject(new JobInterrupted(reason));
        },
      };
      if (signal.aborted) return onShutdown();
      signal.addEventListener("abort", onShutdown, { once: true });
      this.#paused.set(job.id, paused);
    });
  }

  async #fail(job: Job, message: string): Promise<void> {
    const failed = await this.#retryingStore.transition(job.id, job.statusId, {
      status: "failed",
      statusId: randomUUID(),
      inputRequest: null,
      message,
    });
    if (failed) this.#log.warn(`Job ${job.id} failed: ${message}`);
  }

  /**
   * Hands the result hash to the payment service, retrying until its submit-result time; a
   * submission that finally fails is logged and shown in /status, and a later start tries again.
   */
  async #submitResult(job: Job): Promise<void> {
    if (!job.payment || !job.resultHash || job.resultSubmittedAt !== null) return;
    const delays = this.#submitRetryDelaysMs;
    for (let attempt = 0; ; attempt++) {
      try {
        await this.#payment.submitResult(job.payment, job.resultHash);
        break;
      } catch (error) {
        if (!this.accepting) return; // shutting down: the next start submits again
        // The last pause repeats until the payment service's deadline.
        const delay = delays[Math.min(attempt, delays.length - 1)] ?? 0;
        const retryable = !(error instanceof PaymentError) || error.retryable;
        if (!retryable || Date.now() + delay >= job.payment.submitResultTime) {
          this.#log.error(`Could not submit the result of job ${job.id}`, error);
          await this.#retryingStore.transition(job.id, job.statusId, {
            message: `The result could not be submitted to the payment service: ${errorMessage(error)}`,
          });
          return;
        }
        this.#log.warn(`Submitting the result of job ${job.id} failed; retrying in ${delay} ms`);
        try {
          await sleep(delay, undefined, { signal: this.#shutdown.signal });
        } catch {
          return; // shutting down
        }
      }
    }
    await this.#retryingStore.transition(job.id, job.statusId, {
      resultSubmittedAt: Date.now(),
      message: null,
    });
    this.#log.info(`Job ${job.id}: result hash submitted`);
  }
}

function requiredJobId(jobId: unknown): string {
  if (typeof jobId !== "string" || jobId === "") {
    throw new RequestError("invalid_request", "job_id is required");
  }
  return jobId;
}

function found<T>(jobId: unknown, job: T | undefined): T {
  if (!job) throw new RequestError("job_not_found", `There is no job with job_id "${jobId}"`);
  return job;
}

/** A question reference as sent: undefined when absent, else a non-empty string. */
function questionReference(value: unknown, name: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string" && value !== "") return value;
  throw new RequestError("invalid_request", `${name} must be a non-empty string`);
}

function staleStatus(job: Job): RequestError {
  return new RequestError(
    "stale_status",
    `The answer is not for the question job ${job.id} awaits now; read /status again`,
  );
}

/** What went wrong, in words, whatever was thrown: an Error, a string or any other value. */
function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  if (typeof error !== "object" || error === null) return String(error);
  // Some libraries throw plain objects that carry a message.
  const { message } = error as { message?: unknown };
  if (typeof message === "string" && message !== "") return message;
  try {
    return JSON.stringify(error) ?? "an unreadable value";
  } catch {
    // An object with a cycle, or a BigInt inside.
    return "an unreadable value";
  }
}
