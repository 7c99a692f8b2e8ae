import { randomBytes, randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "../log.ts";
import type { FundsOutcome, PaymentProvider } from "../payment/payment.ts";
import type { JobStore } from "../store/store.ts";
import { RequestError } from "./errors.ts";
import { inputHash, resultHash } from "./hash.ts";
import { toInputObject, type InputDataObject } from "./input-data.ts";
import { schemaProblems, type InputOf, type InputSchema, type InputValues } from "./schema.ts";
import type { Signer } from "./signer.ts";
import type { Agent, Job, JobContext } from "./types.ts";
import { validateInput } from "./validate.ts";

export interface StartJobRequest {
  identifierFromPurchaser: unknown;
  inputData: unknown;
}

export interface ProvideInputRequest {
  jobId: unknown;
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
  /** Pauses between attempts to submit a result hash; after the last one it waits for a restart. */
  submitRetryDelaysMs?: readonly number[];
  /** How often a running job is resumed after the process stopped, before it fails instead. */
  maxRestarts?: number;
}

/** What the Masumi payment service accepts as identifier_from_purchaser. */
const PURCHASER_IDENTIFIER = /^[0-9a-fA-F]{14,26}$/;

/** Thrown inside a run that can no longer finish here: the server stops, or the job moved on. */
class JobInterrupted extends Error {}

/**
 * The job lifecycle, independent of HTTP: awaiting_payment -> running -> completed | failed,
 * with running <-> awaiting_input while the agent waits for the buyer. Every status change is a
 * compare-and-set on the job's status id, so a change is applied once even when requests race.
 */
export class JobService {
  readonly #agent: Agent;
  readonly #store: JobStore;
  readonly #payment: PaymentProvider;
  readonly #signer: Signer;
  readonly #log: Logger;
  readonly #submitRetryDelaysMs: readonly number[];
  readonly #maxRestarts: number;
  /** Runs paused in requestInput in this process, by job id; /provide_input resumes them. */
  readonly #paused = new Map<string, (job: Job) => void>();
  /** Work in the background (payment watches, runs, submissions), awaited on shutdown. */
  readonly #tasks = new Set<Promise<void>>();
  readonly #shutdown = new AbortController();

  constructor(options: JobServiceOptions) {
    this.#agent = options.agent;
    this.#store = options.store;
    this.#payment = options.payment;
    this.#signer = options.signer;
    this.#log = options.log;
    this.#submitRetryDelaysMs = options.submitRetryDelaysMs ?? [1_000, 5_000, 30_000, 120_000];
    this.#maxRestarts = options.maxRestarts ?? 3;
  }

  /** False once shutdown began: new jobs and input are refused from then on. */
  get accepting(): boolean {
    return !this.#shutdown.signal.aborted;
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
    await this.#store.create(job);
    this.#log.info(`Job ${id} started, ${job.status}`);
    this.#background(payment ? this.#awaitPayment(job) : this.#execute(job));
    return job;
  }

  async getJob(jobId: unknown): Promise<Job> {
    if (typeof jobId !== "string" || jobId === "") {
      throw new RequestError("invalid_request", "job_id is required");
    }
    const job = await this.#store.get(jobId);
    if (!job) throw new RequestError("job_not_found", `There is no job with job_id "${jobId}"`);
    return job;
  }

  /** Applies the buyer's answer to a job awaiting input, once, and resumes the job. */
  async provideInput(request: ProvideInputRequest): Promise<InputReceipt> {
    this.#assertAccepting();
    if (typeof request.statusId !== "string" || request.statusId === "") {
      throw new RequestError("invalid_request", "status_id is required");
    }
    const job = await this.getJob(request.jobId);
    if (job.status !== "awaiting_input" || !job.inputRequest) {
      throw new RequestError(
        "not_awaiting_input",
        `Job ${job.id} is not awaiting input; its status is ${job.status}`,
      );
    }
    if (request.statusId !== job.statusId) throw staleStatus(job);
    const data = this.#inputObject(request.inputData, job.inputRequest.schema);
    const values = this.#validate(job.inputRequest.schema, data);
    const hash = inputHash(job.identifierFromPurchaser, data);
    const resumed = await this.#store.transition(job.id, job.statusId, {
      status: "running",
      statusId: randomUUID(),
      inputRequest: null,
      message: null,
      inputs: [
        ...job.inputs,
        { statusId: job.statusId, values, inputHash: hash, providedAt: Date.now() },
      ],
    });
    // Someone else answered between our read and our write: theirs counts, this one does not.
    if (!resumed) throw staleStatus(job);
    this.#log.info(`Job ${job.id} received input`);
    const resume = this.#paused.get(job.id);
    if (resume) {
      this.#paused.delete(job.id);
      resume(resumed);
    } else {
      // The run that asked is gone (the process restarted): run again, replaying the answers.
      this.#background(this.#execute(resumed));
    }
    return { inputHash: hash, signature: this.#signer.sign(hash) };
  }

  /**
   * Picks up the jobs of an earlier process: watches payments again, resumes running jobs by
   * running them again from the start (answers already given are replayed), and retries result
   * submissions. Returns how many jobs it picked up.
   */
  async recover(): Promise<number> {
    const jobs = await this.#store.listPending();
    for (const job of jobs) {
      if (job.status === "awaiting_payment") this.#background(this.#awaitPayment(job));
      else if (job.status === "running") this.#background(this.#resume(job));
      else if (job.status === "completed") this.#background(this.#submitResult(job));
    }
    return jobs.length;
  }

  /**
   * Stops taking work and waits up to `timeoutMs` for running jobs to finish. Jobs still running
   * then stay `running` in the store and resume at the next start. Resolves true when all finished.
   */
  async stop(timeoutMs: number): Promise<boolean> {
    this.#shutdown.abort();
    const finished = Promise.allSettled([...this.#tasks]).then(() => true);
    const timedOut = sleep(timeoutMs, false, { ref: false });
    return Promise.race([finished, timedOut]);
  }

  #assertAccepting(): void {
    if (!this.accepting) throw new RequestError("unavailable", "The agent is shutting down");
  }

  #purchaserIdentifier(raw: unknown): string {
    const missing = raw === undefined || raw === null || raw === "";
    if (this.#payment.requiresPayment) {
      if (typeof raw === "string" && PURCHASER_IDENTIFIER.test(raw)) return raw;
      const rule = "a hex string of 14 to 26 characters";
      throw new RequestError(
        "invalid_identifier",
        missing
          ? `identifier_from_purchaser is required: ${rule}`
          : `identifier_from_purchaser must be ${rule}`,
      );
    }
    // A free job needs no purchaser identifier; one is made up so the input hash is defined.
    if (missing) return randomBytes(8).toString("hex");
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

  #background(task: Promise<void>): void {
    const tracked = task.catch((error: unknown) =>
      this.#log.error("A background task failed", error),
    );
    this.#tasks.add(tracked);
    void tracked.finally(() => this.#tasks.delete(tracked));
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
    if (outcome === "expired") {
      await this.#fail(job, "No payment arrived before the pay-by time");
      return;
    }
    const running = await this.#store.transition(job.id, job.statusId, {
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
    const claimed = await this.#store.transition(job.id, job.statusId, {
      statusId: randomUUID(),
      restarts: job.restarts + 1,
    });
    if (!claimed) return;
    this.#log.info(`Job ${job.id} was running when the server stopped; running it again`);
    await this.#execute(claimed);
  }

  /** Runs the agent for a job that is `running`, and records its outcome. */
  async #execute(job: Job): Promise<void> {
    const replay = job.inputs.map((answer) => answer.values);
    // The job as this run last saw it; each pause for input moves it on.
    let current = job;
    const ctx: JobContext = {
      jobId: job.id,
      identifierFromPurchaser: job.identifierFromPurchaser,
      signal: this.#shutdown.signal,
      requestInput: async <S extends InputSchema>(schema: S, message?: string) => {
        const replayed = replay.shift();
        if (replayed) return replayed as InputOf<S>;
        current = await this.#pauseForInput(current, schema, message);
        return (current.inputs.at(-1)?.values ?? {}) as InputOf<S>;
      },
    };
    let result: string;
    try {
      result = await this.#agent.run(job.input, ctx);
    } catch (error) {
      // Interrupted, or stopped by the shutdown: the job stays as it is and resumes at next start.
      if (error instanceof JobInterrupted || !this.accepting) return;
      this.#log.error(`Job ${job.id} failed`, error);
      await this.#fail(current, `The agent failed: ${errorMessage(error)}`);
      return;
    }
    if (typeof result !== "string" || result === "") {
      await this.#fail(current, "The agent returned an empty result");
      return;
    }
    const completed = await this.#store.transition(current.id, current.statusId, {
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
    const waiting = await this.#store.transition(job.id, job.statusId, {
      status: "awaiting_input",
      statusId: randomUUID(),
      inputRequest: { schema, message: message ?? null },
      message: message ?? null,
    });
    if (!waiting) throw new JobInterrupted(`Job ${job.id} changed while it ran`);
    this.#log.info(`Job ${job.id} is awaiting input`);
    const signal = this.#shutdown.signal;
    return new Promise<Job>((resolve, reject) => {
      const interrupt = () => {
        this.#paused.delete(job.id);
        reject(new JobInterrupted("The server is shutting down"));
      };
      if (signal.aborted) return interrupt();
      signal.addEventListener("abort", interrupt, { once: true });
      this.#paused.set(job.id, (answered) => {
        signal.removeEventListener("abort", interrupt);
        resolve(answered);
      });
    });
  }

  async #fail(job: Job, message: string): Promise<void> {
    const failed = await this.#store.transition(job.id, job.statusId, {
      status: "failed",
      statusId: randomUUID(),
      inputRequest: null,
      message,
    });
    if (failed) this.#log.warn(`Job ${job.id} failed: ${message}`);
  }

  /** Hands the result hash to the payment service, retrying; a later start retries again. */
  async #submitResult(job: Job): Promise<void> {
    if (!job.payment || !job.resultHash || job.resultSubmittedAt !== null) return;
    for (let attempt = 0; ; attempt++) {
      try {
        await this.#payment.submitResult(job.payment, job.resultHash);
        break;
      } catch (error) {
        const delay = this.#submitRetryDelaysMs[attempt];
        if (delay === undefined || !this.accepting) {
          this.#log.error(
            `Could not submit the result of job ${job.id}; retrying at next start`,
            error,
          );
          return;
        }
        try {
          await sleep(delay, undefined, { signal: this.#shutdown.signal });
        } catch {
          return; // shutting down
        }
      }
    }
    await this.#store.transition(job.id, job.statusId, { resultSubmittedAt: Date.now() });
    this.#log.info(`Job ${job.id}: result hash submitted`);
  }
}

function staleStatus(job: Job): RequestError {
  return new RequestError(
    "stale_status",
    `status_id is not the current status of job ${job.id}; read /status again`,
  );
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
