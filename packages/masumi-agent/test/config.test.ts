import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig as loadConfigOf } from "../src/config.ts";

// What every agent reads, whatever its store and payment mode (those read their own settings:
// see the store and payment tests).
const loadConfig = (env: Record<string, string>) =>
  loadConfigOf(env, { store: "memory", payment: "free" });
const testPaymentEnv: Record<string, string> = {};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe("loadConfig", () => {
  it("has defaults for everything but the payment mode's settings", () => {
    const config = loadConfig(testPaymentEnv);
    expect(config).toMatchObject({
      port: 3000,
      host: "127.0.0.1",
      dataDir: resolve("data"),
      agentIdentifier: undefined,
      signingKey: undefined,
    });
  });

  it("reads the environment", () => {
    const agentIdentifier = "ab".repeat(30);
    const env = { PORT: "8080", HOST: "0.0.0.0", AGENT_IDENTIFIER: agentIdentifier };
    const config = loadConfig({ ...testPaymentEnv, ...env });
    expect(config).toMatchObject({ port: 8080, host: "0.0.0.0", agentIdentifier });
  });

  it("reports every bad value, one line each", () => {
    const problems = problemsOf({
      PORT: "eighty",
      AGENT_IDENTIFIER: "my-agent",
      AGENT_SIGNING_KEY: "secret",
    });
    expect(problems).toEqual([
      'PORT must be a whole number from 0 to 65535, not "eighty"',
      expect.stringMatching(/^AGENT_IDENTIFIER must be/),
      expect.stringMatching(/^AGENT_SIGNING_KEY must be 64 hex characters/),
    ]);
    expect(problems.join("\n")).not.toContain("secret");
  });

  it("reads the log's level and format", () => {
    expect(loadConfig(testPaymentEnv).log).toEqual({ level: "info", format: undefined });
    const env = { ...testPaymentEnv, LOG_LEVEL: "debug", LOG_FORMAT: "json" };
    expect(loadConfig(env).log).toEqual({ level: "debug", format: "json" });
    expect(problemsOf({ LOG_LEVEL: "verbose", LOG_FORMAT: "xml" })).toEqual([
      'LOG_LEVEL must be one of debug, info, warn, error, not "verbose"',
      'LOG_FORMAT must be one of json, pretty, not "xml"',
    ]);
  });

  it("reads the time limit of a run and the grace period of a shutdown", () => {
    expect(loadConfig(testPaymentEnv)).toMatchObject({
      jobTimeoutMs: 600_000,
      shutdownGraceMs: 10_000,
    });
    const env = { ...testPaymentEnv, JOB_TIMEOUT_MS: "60000", SHUTDOWN_GRACE_MS: "0" };
    expect(loadConfig(env)).toMatchObject({ jobTimeoutMs: 60_000, shutdownGraceMs: 0 });
    expect(problemsOf({ JOB_TIMEOUT_MS: "0", SHUTDOWN_GRACE_MS: "10s" })).toEqual([
      'JOB_TIMEOUT_MS must be a whole number from 1000 to 86400000, not "0"',
      'SHUTDOWN_GRACE_MS must be a whole number from 0 to 600000, not "10s"',
    ]);
  });

  it("refuses ports out of range", () => {
    expect(problemsOf({ PORT: "70000" })).toHaveLength(1);
    expect(problemsOf({ PORT: "-1" })).toHaveLength(1);
  });
});
