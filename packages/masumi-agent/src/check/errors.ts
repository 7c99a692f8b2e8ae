/** The server did not answer at all (connection refused, unknown host, timeout): exit code 2. */
export class ServerUnreachableError extends Error {
  override name = "ServerUnreachableError";
}
