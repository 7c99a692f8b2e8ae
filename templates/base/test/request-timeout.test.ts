import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestAgent, type TestAgent } from "./helpers.ts";

let agent: TestAgent;

beforeAll(async () => {
  agent = await startTestAgent({ env: { REQUEST_TIMEOUT_MS: "1000" } });
});

afterAll(async () => {
  await agent.stop();
});

/** Sends `head` and nothing more; resolves with what the server answered once it closes. */
function stall(head: string): Promise<string> {
  const { hostname, port } = new URL(agent.url);
  return new Promise((resolve, reject) => {
    let answer = "";
    const socket = connect(Number(port), hostname, () => socket.write(head));
    socket.on("data", (chunk) => (answer += chunk.toString("latin1")));
    socket.on("error", reject);
    socket.on("close", () => resolve(answer));
  });
}

describe("REQUEST_TIMEOUT_MS", () => {
  it("ends a request whose body never comes", async () => {
    const answer = await stall(
      "POST /start_job HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n",
    );
    // Node answers 408 before closing; Bun's own server closes the idle connection.
    expect(answer === "" || answer.startsWith("HTTP/1.1 408")).toBe(true);
  });

  it("ends a request whose headers never finish", async () => {
    const answer = await stall("GET /availability HTTP/1.1\r\nHost: localhost\r\nX-Slow: a");
    expect(answer === "" || answer.startsWith("HTTP/1.1 408")).toBe(true);
  });
});
