/**
 * masumi-agent/testing: what an agent's own tests need. `startTestAgent` runs the agent in this
 * process as its server would (the job service, a store, a payment mode), without HTTP: a test
 * starts a job, answers the agent's questions and awaits the result.
 *
 *   const agent = await startTestAgent(myAgent);
 *   const job = await agent.start({ text: "hello" });
 *   expect(await job.result()).toBe("HELLO");
 *   await agent.close();
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createAgentApp, type AgentApp, type AgentAppOptions } from "./app.ts";
import { loadConfig } from "./config.ts";
import type { InputSchema, InputValues } from "./jobs/schema.ts";
import { inputSchemaHashes } from "./jobs/schema-hash.ts";
import { servedInputSchema } from "./jobs/served-schema.ts";
import { shownStatusId } from "./jobs/status-id.ts";
import type { Agent, Job, JobStatus } from "./jobs/types.ts";
import type { Listening } from "./listening.ts";
import { silentLogger, type Logger } from "./log.ts";
import type { PaymentMode } from "./payment/index.ts";
import type { StoreKind } from "./store/index.ts";

export interface TestAgentOptions {
  /** "memory" by default. The others read their settings from `env` (e.g. DATABASE_URL). */
  store?: StoreKind;
  /** "free" by default; "simulated" pays each job after SIMULATED_PAYMENT_DELAY_MS (0 here). */
  payment?: PaymentMode;
  /** Settings as the environment would give them; DATA_DIR defaults to a temporary directory. */
  env?: Record<string, string>;
  /** Where the agent logs; nowhere by default. */
  log?: Logger;
  /** Job service settings; retries and polls are fast by default. */
  service?: AgentAppOptions["service"];
}

export interface TestAgent<Input = InputValues> {
  /** The agent with everything it runs on, for tests that look behind the job API. */
  readonly app: AgentApp;
  /** DATA_DIR: the signing key, and the database of the SQLite store. */
  readonly dataDir: string;
  /** Starts a job as /start_job would; refusals (invalid input, ...) throw a RequestError. */
  start(
    input: Input,
    options?: { identifierFromPurchaser?: string },
  ): Promise<TestJob>;
  /** Shuts the agent down as a server would, and removes its temporary data directory. */
  close(): Promise<void>;
}

export interface TestJob {
  readonly id: string;
  /** The job's status now. */
  status(): Promise<JobStatus>;
  /**
   * Resolves once the job has `status`; throws when it ends (completed or failed) in another
   * one, with the failure message.
   */
  waitFor(status: JobStatus): Promise<void>;
  /** Waits until the job awaits input, and returns the input_schema as /status serves it. */
  question(): Promise<InputSchema>;
  /** Answers the question awaited now, as /provide_input would; refusals throw. */
  answer(values: Record<string, unknown>): Promise<void>;
  /** Waits until the job is completed and returns its result; throws if it failed. */
  result(): Promise<string>;
}

/** An identifier_from_purchaser as the payment service accepts it (7 to 13 hex bytes). */
const PURCHASER = "a1b2c3d4e5f60718";
const POLL_MS = 5;

export async function startTestAgent<A extends Agent>(
  agent: A,
  options: TestAgentOptions = {},
): Promise<TestAgent<StartInput<A["inputSchema"]>>> {
  const ownDataDir = options.env?.DATA_DIR === undefined;
  const dataDir =
    options.env?.DATA_DIR ??
    (await mkdtemp(join(tmpdir(), "masumi-test-agent-")));
  const config = loadConfig(
    { SIMULATED_PAYMENT_DELAY_MS: "0", ...options.env, DATA_DIR: dataDir },
    { store: options.store ?? "memory", payment: options.payment ?? "free" },
  );
  const app = await createAgentApp(config, {
    agent,
    env: { ...process.env, ...options.env },
    log: options.log ?? silentLogger,
    service: {
      submitRetryDelaysMs: [10, 10],
      inputPollMs: 50,
      ...options.service,
    },
  });
  await app.service.recover();
  // No HTTP server: app.close wants one to close, and there is nothing to wait for.
  const noServer: Listening = { port: 0, close: async () => {} };

  const jobOf = (id: string): TestJob => {
    const read = () => app.service.getJob(id);
    const until = async (done: (job: Job) => boolean): Promise<Job> => {
      for (;;) {
        const job = await read();
        if (done(job)) return job;
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
    };
    const waitFor = async (status: JobStatus): Promise<Job> => {
      const job = await until(
        (job) => job.status === status || isFinal(job.status),
      );
      if (job.status !== status) {
        throw new Error(
          `Job ${id} ${ended(job)}, while the test waited for ${status}`,
        );
      }
      return job;
    };
    return {
      id,
      status: async () => (await read()).status,
      waitFor: async (status) => {
        await waitFor(status);
      },
      question: async () => served(await waitFor("awaiting_input")),
      answer: async (values) => {
        const job = await read();
        // Names the question as Sokosumi does; a job awaiting nothing is refused by its status id.
        const hash = job.inputRequest
          ? inputSchemaHashes(served(job))[0]
          : undefined;
        await app.service.provideInput({
          jobId: id,
          inputSchemaHash: hash,
          statusId: shownStatusId(job),
          inputData: values,
        });
      },
      result: async () => {
        const job = await until((job) => isFinal(job.status));
        if (job.status === "failed") throw new Error(`Job ${id} ${ended(job)}`);
        return job.result ?? "";
      },
    };
  };

  return {
    app,
    dataDir,
    async start(input, startOptions = {}) {
      const job = await app.service.startJob({
        identifierFromPurchaser:
          startOptions.identifierFromPurchaser ?? PURCHASER,
        inputData: input,
      });
      return jobOf(job.id);
    },
    async close() {
      await app.close(noServer, 1000);
      if (ownDataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

function isFinal(status: JobStatus): boolean {
  return status === "completed" || status === "failed";
}

function ended(job: Job): string {
  return job.status === "failed"
    ? `failed: ${job.message ?? "(no message)"}`
    : `is ${job.status}`;
}

function served(job: Job): InputSchema {
  if (!job.inputRequest) throw new Error(`Job ${job.id} awaits no input`);
  return servedInputSchema(job.inputRequest);
}

/**
 * The input a job of schema S starts with, as a buyer sends it: each field by id with the type
 * of its validated value, optional fields optional. A schema whose fields the types cannot see
 * (not declared `as const`) takes any values.
 */
export type StartInput<S> =
  string extends FieldIdOf<S>
    ? Record<string, unknown>
    : { [F in RequiredFieldOf<S> as F["id"]]: ValueFor<F> } & {
        [F in OptionalFieldOf<S> as F["id"]]?: ValueFor<F>;
      };

type FieldsOf<S> = S extends { readonly input_data: readonly (infer F)[] }
  ? F
  : S extends { readonly input_groups: readonly (infer G)[] }
    ? G extends { readonly input_data: readonly (infer F)[] }
      ? F
      : never
    : never;

type AnswerField<S> = Exclude<FieldsOf<S>, { readonly type: "none" }> & {
  readonly id: string;
};
type FieldIdOf<S> = AnswerField<S>["id"];

type Optional = { readonly validation: "optional"; readonly value: "true" };
type OptionalFieldOf<S> =
  AnswerField<S> extends infer F
    ? F extends { readonly validations: readonly (infer V)[] }
      ? [Extract<V, Optional>] extends [never]
        ? never
        : F
      : never
    : never;
type RequiredFieldOf<S> = Exclude<AnswerField<S>, OptionalFieldOf<S>>;

type ChoiceOf<F> = F extends {
  readonly data: { readonly values: readonly (infer V)[] };
}
  ? V
  : string;

/** The value a field takes, as `run` gets it validated. */
type ValueFor<F> = F extends { readonly type: infer T }
  ? T extends "number" | "range"
    ? number
    : T extends "boolean" | "checkbox"
      ? boolean
      : T extends "radio"
        ? ChoiceOf<F>
        : T extends "option" | "multiselect"
          ? readonly ChoiceOf<F>[]
          : T extends "file"
            ? readonly string[]
            : string
  : never;
