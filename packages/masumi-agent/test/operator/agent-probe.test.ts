import { createServer as createHttpServer } from "node:http";
import { createServer, type AddressInfo, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { availabilityProblems } from "../../src/operator/agent-probe.ts";
import { faultyAgent } from "./helpers.ts";

/** An agent that takes the connection and never answers. */
const held = new Set<Socket>();
const silent = createServer((socket) => held.add(socket));
let silentUrl: string;
beforeAll(async () => {
  await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const socket of held) socket.destroy();
  await new Promise<void>((resolve) => silent.close(() => resolve()));
});

describe("/availability as the registry's health check reads it", () => {
  it("an agent slower than the limit is offline", async () => {
    expect(await availabilityProblems(silentUrl, undefined, 200)).toEqual([
      `GET ${silentUrl}/availability did not answer within 0.2 s, the registry's limit: make it answer sooner`,
    ]);
  });

  it("a redirect is offline", async () => {
    const server = createHttpServer((_, response) => {
      response.writeHead(301, { location: "https://elsewhere.example.com/availability" });
      response.end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      expect(await availabilityProblems(url, undefined)).toEqual([
        `GET ${url}/availability answered a redirect (301 to https://elsewhere.example.com/availability), which the registry counts as offline: use the final URL as apiBaseUrl`,
      ]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("a named identifier skips the type check, and must be this one", async () => {
    const url = await faultyAgent({ availability: { type: "other", agentIdentifier: "ab".repeat(60) } });
    expect(await availabilityProblems(url, "ab".repeat(60))).toEqual([]);
    expect(await availabilityProblems(url, "cd".repeat(60))).toHaveLength(1);
  });
});
