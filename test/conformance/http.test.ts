import { createServer, type Server } from "node:http";
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { Transport } from "../../packages/masumi-agent/src/check/http.js";

let server: Server | undefined;

async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/prefix`;
}

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

function transport(baseUrl: string, timeoutMs = 2000): Transport {
  return new Transport({ baseUrl, headers: { token: "t" }, timeoutMs, maxInFlight: 2 });
}

describe("the transport", () => {
  it("joins paths below a prefixed base URL and records the exchange", async () => {
    const base = await serve((req, res) =>
      res
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify({ url: req.url, token: req.headers.token })),
    );
    const http = transport(`${base}/`);
    const exchange = await http.send({ method: "GET", path: "/status", query: { job_id: "a b" } });
    http.close();
    expect(exchange.request.url).toBe(`${base}/status?job_id=a+b`);
    expect(exchange.response?.json).toEqual({ url: "/prefix/status?job_id=a+b", token: "t" });
    expect(http.log).toEqual([exchange]);
  });

  it("keeps an answer given before the body was read (413 and close), however often", async () => {
    const base = await serve((_req, res) =>
      res.writeHead(413, { connection: "close", "content-type": "application/json" }).end('{"error":"too_large"}'),
    );
    const http = transport(base);
    const body = "x".repeat(2 * 1024 * 1024);
    const statuses = [];
    for (let attempt = 0; attempt < 10; attempt++) {
      statuses.push((await http.send({ method: "POST", path: "/start_job", body })).response?.status);
    }
    http.close();
    expect(statuses).toEqual(Array(10).fill(413));
  });

  it("records a timeout as an exchange without a response", async () => {
    const base = await serve(() => {});
    const http = transport(base, 100);
    const exchange = await http.send({ method: "GET", path: "/availability" });
    http.close();
    expect(exchange.response).toBeUndefined();
    expect(exchange.error).toBe("no answer within 100 ms");
  });

  it("names a refused connection", async () => {
    const http = transport("http://127.0.0.1:9");
    const exchange = await http.send({ method: "GET", path: "/availability" });
    expect(exchange.error).toBe("connection refused by 127.0.0.1:9");
  });

  it("never has more requests in flight than allowed, except bursts", async () => {
    let inFlight = 0;
    let most = 0;
    const base = await serve((_req, res) => {
      most = Math.max(most, ++inFlight);
      setTimeout(() => {
        inFlight--;
        res.end("{}");
      }, 30);
    });
    const http = transport(base);
    await Promise.all(Array.from({ length: 6 }, () => http.send({ method: "GET", path: "/x" })));
    const limited = most;
    most = 0;
    await Promise.all(Array.from({ length: 6 }, () => http.send({ method: "GET", path: "/x", burst: true })));
    http.close();
    expect(limited).toBe(2);
    expect(most).toBe(6);
  });

  it("sends a request once more when the server reset the kept-alive connection it reused, and only then", async () => {
    // Answers the first request of every connection and keeps it open; resets it at the second.
    let connections = 0;
    const tcp: TcpServer = createTcpServer((socket) => {
      connections++;
      let requests = 0;
      socket.on("data", () => {
        if (++requests === 1) {
          socket.write(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\nconnection: keep-alive\r\n\r\n{}",
          );
        } else {
          socket.resetAndDestroy();
        }
      });
    });
    await new Promise<void>((resolve) => tcp.listen(0, "127.0.0.1", resolve));
    const http = transport(`http://127.0.0.1:${(tcp.address() as AddressInfo).port}`);
    try {
      const first = await http.send({ method: "GET", path: "/availability" });
      const second = await http.send({ method: "GET", path: "/availability" });
      expect([first.response?.status, second.response?.status]).toEqual([200, 200]);
      expect(connections).toBe(2);
      expect(http.log).toHaveLength(2);
      expect(http.connectionLost).toBeUndefined();
    } finally {
      http.close();
      await new Promise<void>((resolve) => tcp.close(() => resolve()));
    }
  });

  it("counts a connection refused as lost, and then the server as not answering", async () => {
    await serve((_req, res) => res.end());
    const port = (server!.address() as AddressInfo).port;
    server!.closeAllConnections();
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
    const http = transport(`http://127.0.0.1:${port}`);
    const exchange = await http.send({ method: "GET", path: "/status" });
    expect(exchange.error).toMatch(/connection refused/);
    expect(http.connectionLost).toBe(exchange);
    expect(await http.answering()).toBe(false);
    http.close();
  });
});
