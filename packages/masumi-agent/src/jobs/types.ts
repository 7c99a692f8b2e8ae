import type { Env } from "../env.ts";
import type { PaymentInfo } from "../payment/payment.ts";
import type { InputOf, InputSchema, InputValues } from "./schema.ts";

/** The five statuses of MIP-003, in the order a job usually passes them. */
export const JOB_STATUSES = [
  "awaiting_payment",
  "running",
  "awaiting_input",
  "completed",
  "failed",
] as const;

export type JobStatus = (typeof JOB_STATUSES)[number];

/**
 * What the agent asked for while a job is `awaiting_input`: answers are validated against
 * `schema`; /status serves it with the message as a leading field (see servedInputSchema).
 */
export interface InputRequest {
  schema: InputSchema;
  message: string | null;
}

/** One answer to `ctx.requestInput`, kept so that a resumed job can replay it. */
export interface ProvidedInput {
  /** The status id the answer was given for. */
  statusId: string;
  /**
   * The input_schema_hash values of the question it answered (see inputSchemaHashes), so that a
   * late answer to it is told apart from one whose client hashes differently. Absent in answers
   * stored before this was recorded.
   */
  schemaHashes?: string[];
  values: InputValues;
  inputHash: string;
  providedAt: number;
}

export interface Job {
  id: string;
  /**
   * The store's compare-and-set token (see JobStore.transition): changes at every status change,
   * and when a process claims the job. /status shows another id (see shownStatusId).
   */
  statusId: string;
  status: JobStatus;
  identifierFromPurchaser: string;
  /** The validated input that `run` receives. */
  input: InputValues;
  inputHash: string;
  /** null for free jobs. */
  payment: PaymentInfo | null;
  inputRequest: InputRequest | null;
  inputs: ProvidedInput[];
  result: string | null;
  resultHash: string | null;
  /** When the payment service accepted the result hash; null until then. */
  resultSubmittedAt: number | null;
  /** Why a job failed, or what the agent asks the buyer while it awaits input. */
  message: string | null;
  /** How often the job was resumed after the process stopped while it ran. */
  restarts: number;
  createdAt: number;
  updatedAt: number;
}

/** The fields a store update may change. */
export type JobPatch = Partial<Omit<Job, "id" | "createdAt" | "updatedAt">>;

/** What `run` gets besides its input. */
export interface JobContext {
  jobId: string;
  identifierFromPurchaser: string;
  /**
   * Pauses the job in `awaiting_input` until the buyer answers through /provide_input, and
   * returns the validated answer. When the job resumes after a restart, `run` starts again from
   * the top and the answers already given are returned here again, without asking twice.
   */
  requestInput<S extends InputSchema>(schema: S, message?: string): Promise<InputOf<S>>;
  /**
   * Aborted when the run must stop: it worked longer than the time limit (JOB_TIMEOUT_MS; the job
   * has failed), or the server shut down and its grace period for running jobs is over (the job
   * runs again at the next start). Hand it to fetch and other calls that take one; whatever `run`
   * returns after it aborted is ignored.
   */
  signal: AbortSignal;
}

/** An example job shown by marketplaces: input as a buyer would send it, and its result. */
export interface Demo {
  input: Record<string, unknown>;
  output: { result: string };
}

/** What src/agent.ts exports. */
export interface Agent {
  inputSchema: InputSchema;
  // Method syntax on purpose: it lets `run` declare the narrower type InputOf<typeof inputSchema>.
  run(input: InputValues, ctx: JobContext): Promise<string>;
  demo?: Demo;
  /**
   * Called once at start, before any job runs, with the environment (.env loaded): reads and
   * checks the agent's own settings, such as its model (loadModelConfig). A ConfigError it
   * throws is reported one line per problem, as the server's own settings are.
   */
  prepare?(env: Env): void | Promise<void>;
}
