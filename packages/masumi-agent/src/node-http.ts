import { STATUS_CODES, type Server, type ServerOptions } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { errorReply, requestTimedOut } from "./api.ts";
import { RequestError } from "./jobs/errors.ts";
import type { Listening, ListenOptions } from "./listening.ts";

/**
 * The node:http options that end a request whose headers or body do not arrive within `ms` with
 * 408, so a client that stalls cannot hold a connection for Node's own 300 s.
 */
export function requestTimeoutOptions(ms: number): ServerOptions {
  return {
    requestTimeout: ms,
    headersTimeout: ms,
    // Node looks for expired requests every 30 s by default, which could add that much again.
    connectionsCheckingInterval: Math.min(ms, 1_000),
  };
}

/**
 * Answers what Node refuses before any app sees it (headers too large, bytes that are not
 * HTTP/1.1, a request that timed out) with the JSON of every other refusal, where Node would
 * send an empty body. A server's "clientError" listener, and Fastify's clientErrorHandler.
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  // A reset connection can take no answer, nor one that is closing or already answered.
  if (error.code !== "ECONNRESET" && socket.writable) {
    const { status, body } = errorReply(clientRefusal(error.code));
    const json = JSON.stringify(body);
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(json)}\r\n` +
        `Connection: close\r\n\r\n${json}`,
    );
  }
  // The listener owns the connection now, and nothing after the refused bytes can be read.
  socket.destroy();
}

function clientRefusal(code: string | undefined): RequestError {
  switch (code) {
    case "HPE_HEADER_OVERFLOW":
      return new RequestError("headers_too_large", "The request headers are too large");
    case "ERR_HTTP_REQUEST_TIMEOUT":
      return requestTimedOut();
    default:
      return new RequestError("invalid_request", "The request is not valid HTTP/1.1");
  }
}

/** Starts a node:http server on the configured address; resolves once it accepts connections. */
export function serveNodeHttp(server: Server, options: ListenOptions): Promise<Listening> {
  server.on("clientError", answerClientError);
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      const { port } = server.address() as AddressInfo;
      resolve({ port, close: () => close(server) });
    });
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    // Idle keep-alive connections would hold close() open.
    server.closeIdleConnections();
  });
}
