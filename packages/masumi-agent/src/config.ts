import { resolve } from "node:path";
import { EnvReader, type Env } from "./env.ts";
import { LOG_LEVELS, type LogFormat, type LogLevel } from "./log.ts";
import { readPaymentConfig, type PaymentConfig, type PaymentMode } from "./payment/index.ts";
import { AGENT_IDENTIFIER } from "./payment/payment.ts";
import { readStoreConfig, type StoreConfig, type StoreKind } from "./store/index.ts";

/** Everything the server reads from the environment; see .env.example. */
export interface Config {
  port: number;
  host: string;
  /** How long a request's headers and body may take to arrive; a stalled one is ended with 408. */
  requestTimeoutMs: number;
  /** The largest request body read; a larger one is refused with 413. */
  maxBodyBytes: number;
  /** Where the signing key (and a SQLite database) live. */
  dataDir: string;
  /** The agent's identifier on Masumi, once it is registered. */
  agentIdentifier: string | undefined;
  /** The Ed25519 private key as hex; without it a key is created under dataDir. */
  signingKey: string | undefined;
  store: StoreConfig;
  /** How long a job stays with a process that shows no sign of life; see JobServiceOptions. */
  jobLeaseMs: number;
  /** How long one run of the agent may work (time awaiting input aside) before its job fails. */
  jobTimeoutMs: number;
  /** How long a shutdown waits for running jobs before it stops them. */
  shutdownGraceMs: number;
  payment: PaymentConfig;
  /** LOG_LEVEL, and LOG_FORMAT when set (unset: pretty on a terminal, JSON otherwise). */
  log: { level: LogLevel; format: LogFormat | undefined };
}

/** A configuration that cannot work; `problems` has one line per bad value. */
export class ConfigError extends Error {
  readonly problems: string[];

  constructor(problems: string[]) {
    super(problems.join("\n"));
    this.name = "ConfigError";
    this.problems = problems;
  }
}

/** What the project is built on, which src/main.ts states: the store and the payment mode. */
export interface ConfigChoices {
  store: StoreKind;
  payment: PaymentMode;
}

export function loadConfig(env: Env, choices: ConfigChoices): Config {
  const read = new EnvReader(env);
  const dataDir = resolve(read.string("DATA_DIR", "data"));
  const config: Config = {
    port: read.integer("PORT", 3000, { min: 0, max: 65535 }),
    host: read.string("HOST", "127.0.0.1"),
    requestTimeoutMs: read.integer("REQUEST_TIMEOUT_MS", 30_000, { min: 1_000, max: 120_000 }),
    maxBodyBytes: read.integer("MAX_BODY_BYTES", 1_048_576, { min: 1_024, max: 67_108_864 }),
    dataDir,
    agentIdentifier: read.matching(
      "AGENT_IDENTIFIER",
      AGENT_IDENTIFIER.pattern,
      AGENT_IDENTIFIER.rule,
    ),
    signingKey: read.matching(
      "AGENT_SIGNING_KEY",
      /^[0-9a-fA-F]{64}$/,
      "64 hex characters (a 32-byte Ed25519 private key)",
    ),
    store: readStoreConfig(choices.store, read, dataDir),
    jobLeaseMs: read.integer("JOB_LEASE_MS", 30_000, { min: 1_000, max: 3_600_000 }),
    jobTimeoutMs: read.integer("JOB_TIMEOUT_MS", 600_000, { min: 1_000, max: 86_400_000 }),
    shutdownGraceMs: read.integer("SHUTDOWN_GRACE_MS", 10_000, { min: 0, max: 600_000 }),
    payment: readPaymentConfig(choices.payment, read),
    log: {
      level: read.oneOf("LOG_LEVEL", LOG_LEVELS) ?? "info",
      format: read.oneOf("LOG_FORMAT", ["json", "pretty"]),
    },
  };
  if (read.problems.length > 0) throw new ConfigError(read.problems);
  return config;
}
