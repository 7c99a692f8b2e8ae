import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServedAgent, type ServedAgent } from "./helpers/served-agent.ts";

// The hardened node:http listener (Node, and Deno too) that every adapter's serve() uses there;
// Bun.serve, which ends a connection whose headers stall without an answer, is not run here.

/** A bound for each test, not a measurement. */
const STALL_TEST_TIMEOUT_MS = 30_000;

let agent: ServedAgent;

beforeAll(async () => {
  agent = await startServedAgent({ env: { REQUEST_TIMEOUT_MS: "1000" } });
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
    socket.on("data", (chunk) => (answer += chunk.toString("utf8")));
    socket.on("error", reject);
    socket.on("close", () => resolve(answer));
  });
}

/** The status and the JSON body of a raw HTTP answer. */
function parseAnswer(answer: string): { status: number; body: unknown } {
  const [head = "", body = ""] = answer.split("\r\n\r\n", 2);
  return { status: Number(head.split(" ")[1]), body: JSON.parse(body) };
}

describe("REQUEST_TIMEOUT_MS", { timeout: STALL_TEST_TIMEOUT_MS }, () => {
  it("answers 408 to a request whose body never comes", async () => {
    const answer = await stall(
      "POST /start_job HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n",
    );
    expect(parseAnswer(answer)).toMatchObject({ status: 408, body: { error: "request_timeout" } });
  });

  it("ends a request whose headers never finish", async () => {
    const answer = await stall("GET /availability HTTP/1.1\r\nHost: localhost\r\nX-Slow: a");
    expect(parseAnswer(answer)).toMatchObject({ status: 408, body: { error: "request_timeout" } });
  });
});
