import { createServer, type AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { listeningUrl, messages, spawnAgent, type AgentProcess } from "./agent-process.ts";

const agents: AgentProcess[] = [];
async function start(env: Record<string, string>): Promise<AgentProcess> {
  const agent = await spawnAgent("node", env);
  agents.push(agent);
  return agent;
}
// A test that failed half way leaves no agent running.
afterEach(() => Promise.all(agents.splice(0).map((agent) => agent.dispose())));

describe("startAgent", () => {
  it("reports each configuration problem on one line, without a stack, and exits 1", async () => {
    const agent = await start({ PORT: "not-a-port", JOB_LEASE_MS: "5" });
    expect(await agent.exited).toBe(1);
    expect(agent.out).toEqual([]);
    const errors = messages(agent.err);
    expect(errors).toHaveLength(2);
    expect(errors.map((entry) => entry.level)).toEqual(["error", "error"]);
    expect(errors[0]?.msg).toMatch(/^Configuration error: PORT /);
    expect(errors[1]?.msg).toMatch(/^Configuration error: JOB_LEASE_MS /);
    expect(agent.err.join("\n")).not.toMatch(/\bat .*:\d+:\d+/);
  });

  it("reports a start that fails otherwise on one line, and exits 1", async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    try {
      const agent = await start({
        PORT: String((taken.address() as AddressInfo).port),
      });
      expect(await agent.exited).toBe(1);
      expect(messages(agent.err).map((entry) => entry.msg)).toEqual([
        expect.stringMatching(/^Could not start: .*EADDRINUSE/),
      ]);
    } finally {
      taken.close();
    }
  });

  it("says where it listens and its public key, and shuts down on SIGTERM with exit 0", async () => {
    const agent = await start({ PORT: "0" });
    const url = await listeningUrl(agent);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await agent.line(/Public key of its signatures: [0-9a-f]{64}/)).toBeTruthy();
    expect((await fetch(`${url}/availability`)).status).toBe(200);
    agent.child.kill("SIGTERM");
    expect(await agent.exited).toBe(0);
    expect(messages(agent.out).map((entry) => entry.msg)).toContain(
      "SIGTERM received: shutting down",
    );
  });

  it("exits 1 at once on a second signal while a job keeps the shutdown waiting", async () => {
    const agent = await start({ PORT: "0", SHUTDOWN_GRACE_MS: "600000" });
    const url = await listeningUrl(agent);
    const started = await fetch(`${url}/start_job`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        identifier_from_purchaser: "buyer",
        input_data: { text: "hang" },
      }),
    });
    expect(started.status).toBe(200);
    agent.child.kill("SIGTERM");
    await agent.line(/SIGTERM received: shutting down/);
    agent.child.kill("SIGTERM");
    expect(await agent.exited).toBe(1);
    expect(messages(agent.err).map((entry) => entry.msg)).toContain(
      "SIGTERM again: exiting without waiting for jobs",
    );
  });
});
