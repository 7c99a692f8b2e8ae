import { once } from "node:events";
import { connect, createServer, type AddressInfo, type Socket } from "node:net";

/**
 * How a store goes away. "refuse": it went down; its connections close and new ones are refused.
 * "silence": the network went away; connections stay open but nothing comes back, and new ones
 * are accepted but never answered, so only the client's own timeouts end a request.
 */
export type Outage = "refuse" | "silence";

/** A TCP proxy in front of the test's PostgreSQL or Redis, for outages on demand. */
export interface TcpProxy {
  /** The store URL the proxy was made for, with the proxy's address in it. */
  url: string;
  cut(outage: Outage): Promise<void>;
  /**
   * Ends the outage. Connections that lived through a silent one are closed now, as TCP gives up
   * on a long partition; the clients reconnect.
   */
  restore(): Promise<void>;
  close(): Promise<void>;
}

/** Starts a proxy on a free port of 127.0.0.1 to the host and port of `targetUrl`. */
export async function startTcpProxy(targetUrl: string): Promise<TcpProxy> {
  const target = new URL(targetUrl);
  const targetPort = Number(target.port);
  const sockets = new Set<Socket>();
  let outage: Outage | null = null;

  const track = (socket: Socket): Socket => {
    sockets.add(socket);
    socket.on("error", () => socket.destroy());
    socket.on("close", () => sockets.delete(socket));
    return socket;
  };
  const closeAll = () => {
    for (const socket of sockets) socket.destroy();
  };

  const server = createServer((client) => {
    track(client);
    // Accepted into the void: nothing is read, nothing forwarded.
    if (outage === "silence") return;
    const upstream = track(connect(targetPort, target.hostname));
    client.pipe(upstream);
    upstream.pipe(client);
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  const url = new URL(targetUrl);
  url.host = `127.0.0.1:${port}`;

  return {
    url: url.toString(),
    async cut(kind) {
      outage = kind;
      if (kind === "refuse") {
        const closed = new Promise((resolve) => server.close(resolve));
        closeAll();
        await closed;
        return;
      }
      for (const socket of sockets) {
        socket.unpipe();
        socket.pause();
      }
    },
    async restore() {
      const was = outage;
      outage = null;
      if (was === "refuse") {
        server.listen(port, "127.0.0.1");
        await once(server, "listening");
      } else if (was === "silence") {
        closeAll();
      }
    },
    async close() {
      const closed = new Promise((resolve) => server.close(resolve));
      closeAll();
      await closed;
    },
  };
}
