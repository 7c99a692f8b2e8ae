import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.ts";
import { testPaymentEnv } from "./payment-env.ts";

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig({ ...testPaymentEnv, ...env });
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
      agentIdentifier: testPaymentEnv.AGENT_IDENTIFIER,
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

  it("refuses ports out of range", () => {
    expect(problemsOf({ PORT: "70000" })).toHaveLength(1);
    expect(problemsOf({ PORT: "-1" })).toHaveLength(1);
  });
});
