/** Anything that answers a Web-standard Request, such as a Hono app. */
export interface FetchApp {
  fetch(request: Request): Response | Promise<Response>;
}

export interface ListenOptions {
  port: number;
  host: string;
  /** How long a request's headers and body may take to arrive before it is ended. */
  requestTimeoutMs: number;
}

/** A server that listens; src/listen.ts starts one with the runtime's own HTTP server. */
export interface Listening {
  /** The port in use: the one asked for, or the one the system chose for port 0. */
  readonly port: number;
  /** Stops accepting connections and resolves when the open ones are done. */
  close(): Promise<void>;
}
