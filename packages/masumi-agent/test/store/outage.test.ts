import { createServer, connect, type Server, type Socket } from "node:net";
import { afterEach, expect, it } from "vitest";
import { heldAgent } from "../helpers/agents.ts";
import {
  startJob,
  startServedAgent,
  type ServedAgent,
} from "../helpers/served-agent.ts";
import { describeEachStore, type TestStore } from "../helpers/stores.ts";

// An outage of the store server, made by a TCP proxy between the agent and the real PostgreSQL
// or Redis that the test cuts and restores: the agent refuses new work with 503 meanwhile, says
// so on /availability, loses no accepted job, and recovers on its own.

interface Proxy {
  port: number;
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

async function startProxy(target: URL): Promise<Proxy> {
  let down = false;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    if (down) return client.destroy();
    const upstream = connect(Number(target.port), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      socket.on("error", () => {});
    }
    client.pipe(upstream).pipe(client);
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as { port: number }).port,
    cut() {
      down = true;
      for (const socket of sockets) socket.destroy();
    },
    restore() {
      down = false;
    },
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** The store's settings with its server reached through the proxy on `port`. */
function throughProxy(store: TestStore, port: number): TestStore {
  const variable = store.kind === "postgres" ? "DATABASE_URL" : "REDIS_URL";
  const url = new URL(store.env[variable] as string);
  url.hostname = "127.0.0.1";
  url.port = String(port);
  return { ...store, env: { ...store.env, [variable]: url.href } };
}

function targetOf(store: TestStore): URL {
  const url = new URL(
    (store.env.DATABASE_URL ?? store.env.REDIS_URL) as string,
  );
  url.port ||= store.kind === "postgres" ? "5432" : "6379";
  return url;
}

await describeEachStore(
  "an outage of the store",
  (store) => {
    let proxy: Proxy;
    let agent: ServedAgent;

    afterEach(async () => {
      proxy.restore();
      await agent.stop();
      await proxy.close();
    });

    /** The heartbeat looks every third of the lease: 1 s, the shortest JOB_LEASE_MS allows. */
    const start = async (
      options: Parameters<typeof startServedAgent>[0] = {},
    ) => {
      proxy = await startProxy(targetOf(store));
      agent = await startServedAgent({
        store: throughProxy(store, proxy.port),
        env: { JOB_LEASE_MS: "1000" },
        ...options,
      });
    };

    it("refuses new jobs with 503 and says so on /availability, then recovers", async () => {
      await start();
      expect((await agent.get("/availability")).status).toBe(200);
      proxy.cut();
      await expect
        .poll(async () => (await agent.get("/availability")).body, {
          timeout: 15_000,
        })
        .toMatchObject({
          status: "unavailable",
          message: expect.stringMatching(/job store/),
        });
      const refused = await agent.post("/start_job", {
        input_data: { text: "during" },
      });
      expect(refused.status).toBe(503);
      expect(refused.body).toEqual({
        error: "unavailable",
        message: expect.any(String),
      });

      proxy.restore();
      await expect
        .poll(async () => (await agent.get("/availability")).status, {
          timeout: 15_000,
        })
        .toBe(200);
      const { id } = await startJob(agent, { text: "after" });
      expect((await agent.waitForStatus(id, "completed")).result).toBe(
        "Words: 1\nSentences: 1",
      );
    }, 40_000);

    it("keeps the result of a job that finished during the outage, and stores it after", async () => {
      const held = heldAgent();
      await start({ agent: held });
      const { id } = await startJob(agent, { text: "accepted" });
      const run = await held.started(id);
      proxy.cut();
      run.finish("finished while the store was down");
      // The write is retried until the store answers again.
      const unreachable = await agent.get(`/status?job_id=${id}`);
      expect(unreachable.status).toBe(503);
      proxy.restore();
      await expect
        .poll(async () => (await agent.get(`/status?job_id=${id}`)).body, {
          timeout: 15_000,
        })
        .toMatchObject({
          status: "completed",
          result: "finished while the store was down",
        });
    }, 40_000);
  },
  (store) => store.kind === "postgres" || store.kind === "redis",
);
