import { describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.ts";
import { createLogger, type LoggerOptions } from "../src/log.ts";
import { isSecretName, secretsIn } from "../src/redact.ts";
import { PAYMENT_MODES } from "../src/payment/index.ts";
import { STORE_KINDS } from "../src/store/index.ts";

/** Settings of every store and payment mode, secrets among them. */
const testStoreEnv: Record<string, string> = {
  DATABASE_URL: "postgres://agent:db-pw-1@db.internal:5432/agent",
  REDIS_URL: "redis://:redis-pw-2@cache:6379/0",
};
const testPaymentEnv: Record<string, string> = {
  PAYMENT_SERVICE_URL: "http://127.0.0.1:3001/api/v1",
  PAYMENT_API_KEY: "payment-key-3",
  AGENT_IDENTIFIER: "ab".repeat(30),
  NETWORK: "Preprod",
};
const CHOICES = { store: "memory", payment: "free" } as const;

const SIGNING_KEY = "5a".repeat(32);
const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** A logger whose lines are kept, JSON unless told otherwise. */
function capture(options: LoggerOptions = {}) {
  const lines: string[] = [];
  const log = createLogger({ format: "json", ...options, write: (line) => lines.push(line) });
  return { log, lines, entries: () => lines.map((line) => JSON.parse(line)) };
}

describe("the log", () => {
  it("writes one JSON object per line: time, level, msg and the fields", () => {
    const { log, lines, entries } = capture();
    log.info("Job started", { jobId: "job-1", attempt: 2 });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain("\n");
    expect(entries()[0]).toEqual({
      time: expect.stringMatching(ISO_TIME),
      level: "info",
      msg: "Job started",
      jobId: "job-1",
      attempt: 2,
    });
  });

  it("logs an error as err, with its name, message and stack", () => {
    const { log, entries } = capture();
    log.error("Request failed", new TypeError("boom"), { requestId: "req-1" });
    expect(entries()[0]).toMatchObject({
      level: "error",
      msg: "Request failed",
      requestId: "req-1",
      err: {
        name: "TypeError",
        message: "boom",
        stack: expect.stringContaining("TypeError: boom"),
      },
    });
  });

  // Production runs under a supervisor or in a container, whose stdout is a pipe: JSON for its collector.
  it.each([
    [false, "JSON"],
    [true, "readable lines"],
  ])("without a format, with stdout a terminal: %s, writes %s", (terminal) => {
    const before = Object.getOwnPropertyDescriptor(process.stdout, "isTTY");
    Object.defineProperty(process.stdout, "isTTY", { value: terminal, configurable: true });
    try {
      const lines: string[] = [];
      createLogger({ write: (line) => lines.push(line) }).info("Agent listening", { port: 3000 });
      if (terminal) expect(lines[0]).toMatch(/^\S+ +INFO +Agent listening port=3000$/i);
      else
        expect(JSON.parse(lines[0] ?? "")).toMatchObject({
          level: "info",
          msg: "Agent listening",
          port: 3000,
        });
    } finally {
      if (before) Object.defineProperty(process.stdout, "isTTY", before);
      else delete (process.stdout as { isTTY?: boolean }).isTTY;
    }
  });

  it("drops the lines below its level, info by default", () => {
    const levels = (options: LoggerOptions) => {
      const { log, entries } = capture(options);
      log.debug("debug");
      log.info("info");
      log.warn("warn");
      log.error("error");
      return entries().map((entry) => entry.level);
    };
    expect(levels({})).toEqual(["info", "warn", "error"]);
    expect(levels({ level: "debug" })).toEqual(["debug", "info", "warn", "error"]);
    expect(levels({ level: "warn" })).toEqual(["warn", "error"]);
    expect(levels({ level: "error" })).toEqual(["error"]);
  });

  it("adds a child's bindings to each of its lines", () => {
    const { log, entries } = capture();
    const requestLog = log.child({ requestId: "req-2" });
    requestLog.info("Request refused", { status: 404 });
    log.info("Unrelated");
    expect(entries()).toEqual([
      expect.objectContaining({ msg: "Request refused", requestId: "req-2", status: 404 }),
      expect.not.objectContaining({ requestId: expect.anything() }),
    ]);
  });

  it("prints readable lines in the pretty format, an error's stack below", () => {
    const { log, lines } = capture({ format: "pretty" });
    log.info("Agent listening on http://localhost:3000", { requestId: "req-3", note: "two words" });
    log.error("Request failed", new Error("boom"));
    expect(lines[0]).toMatch(
      /^\d\d:\d\d:\d\d\.\d{3} INFO {2}Agent listening on http:\/\/localhost:3000 requestId=req-3 note="two words"$/,
    );
    expect(lines[1]).toMatch(
      /^\d\d:\d\d:\d\d\.\d{3} ERROR Request failed\n {4}Error: boom\n {4}at /,
    );
  });
});

describe("secrets in the log", () => {
  it("never prints the signing key of the configuration, wherever it turns up", () => {
    const config = loadConfig(
      { ...testStoreEnv, ...testPaymentEnv, AGENT_SIGNING_KEY: SIGNING_KEY },
      CHOICES,
    );
    const { log, lines, entries } = capture({ secrets: secretsIn(config) });
    log.info(`Loaded ${SIGNING_KEY}`, { detail: { note: `key=${SIGNING_KEY}` } });
    log.error("Signing failed", new Error(`bad key ${SIGNING_KEY}`));
    expect(lines.join("\n")).not.toContain(SIGNING_KEY);
    expect(entries()[0]).toMatchObject({
      msg: "Loaded [redacted]",
      detail: { note: "key=[redacted]" },
    });
    expect(entries()[1].err.message).toBe("bad key [redacted]");
  });

  const stacks = STORE_KINDS.flatMap((store) =>
    PAYMENT_MODES.map((payment) => ({ store, payment })),
  );
  it.each(stacks)(
    "finds every secret setting among the secrets of the configuration ($store, $payment)",
    (choices) => {
      const env = { ...testStoreEnv, ...testPaymentEnv, AGENT_SIGNING_KEY: SIGNING_KEY };
      expect(Object.keys(env).filter(isSecretName)).toEqual([
        "PAYMENT_API_KEY",
        "AGENT_SIGNING_KEY",
      ]);
      const config = loadConfig(env, choices);
      // The key, and the secrets of the store and payment mode this stack reads.
      const used = [
        SIGNING_KEY,
        ...(choices.store === "postgres" ? ["db-pw-1"] : []),
        ...(choices.store === "redis" ? ["redis-pw-2"] : []),
        ...(choices.payment === "masumi" ? ["payment-key-3"] : []),
      ];
      const secrets = secretsIn(config);
      for (const secret of used) expect(secrets).toContain(secret);
      const { log, lines } = capture({ secrets });
      log.info(`Settings: ${JSON.stringify(config)}`);
      for (const secret of used) expect(lines.join("\n")).not.toContain(secret);
    },
  );

  it("never prints the password of a database URL, in an error's message or its stack", () => {
    const url = "postgres://agent:s3cr%40t-pw@db.internal:5432/agent";
    const { log, lines, entries } = capture({ secrets: secretsIn({ store: { url } }) });
    log.error("Could not start", new Error(`cannot reach ${url}`));
    // As a driver may print it: decoded, without the URL around it.
    log.error("Could not start", new Error('password "s3cr@t-pw" was refused'));
    const text = lines.join("\n");
    expect(text).not.toContain("s3cr%40t-pw");
    expect(text).not.toContain("s3cr@t-pw");
    expect(entries()[0].err.message).toBe(
      "cannot reach postgres://agent:[redacted]@db.internal:5432/agent",
    );
    expect(entries()[1].err.stack).toContain('password "[redacted]" was refused');
  });

  it("redacts the password of any URL, known or not", () => {
    const { log, entries } = capture();
    log.warn("Retrying redis://:other-pw@cache:6379/0 and rediss://user:pw2@host");
    expect(entries()[0].msg).toBe(
      "Retrying redis://:[redacted]@cache:6379/0 and rediss://user:[redacted]@host",
    );
  });

  it("keeps a field named __proto__ as a field, as JSON.parse makes it", () => {
    const { log, entries } = capture();
    log.info("Odd input", { input: JSON.parse('{"__proto__": {"token": "t-9"}, "a": 1}') });
    expect(JSON.stringify(entries()[0].input)).toBe('{"__proto__":{"token":"[redacted]"},"a":1}');
  });

  it("judges a name the same however often it is logged", () => {
    const { log, entries } = capture();
    for (let line = 0; line < 3; line++) log.info("Again", { apiKey: "k-3", jobId: "job-5" });
    for (const entry of entries())
      expect(entry).toMatchObject({ apiKey: "[redacted]", jobId: "job-5" });
  });

  it("redacts the fields named like a secret, however deep", () => {
    const { log, entries } = capture();
    log.info("Calling the payment service", {
      token: "t-123",
      request: { headers: { Authorization: "Bearer abc", "x-api-key": "k-1" } },
      apiKey: "k-2",
      password: { nested: "p" },
      keyPrefix: "agent:",
      jobId: "job-4",
    });
    expect(entries()[0]).toMatchObject({
      token: "[redacted]",
      request: { headers: { Authorization: "[redacted]", "x-api-key": "[redacted]" } },
      apiKey: "[redacted]",
      password: "[redacted]",
      keyPrefix: "agent:",
      jobId: "job-4",
    });
  });
});
