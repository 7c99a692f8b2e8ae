/**
 * The switch tests use to make the payment service fail, to prove an agent survives an outage:
 * "unavailable" answers 503 in the service's error envelope, "reset" drops the connection
 * without an answer (what a crashed or unreachable service looks like to a client).
 */
export type FailureMode = "unavailable" | "reset";

/**
 * Which requests `failNext` counts; omitted fields match any. An agent polls the service in the
 * background, so a test that means to fail one kind of request names it.
 */
export interface RequestMatch {
  method?: string;
  path?: string;
}

export class FaultSwitch {
  private remaining = 0;
  private nextMode: FailureMode = "unavailable";
  private nextMatch: RequestMatch = {};
  private downMode: FailureMode | null = null;

  /**
   * The next `count` API requests that match `match` fail (on top of any outage set with
   * `setDown`).
   */
  failNext(count: number, mode: FailureMode = "unavailable", match: RequestMatch = {}): void {
    if (!Number.isInteger(count) || count < 0)
      throw new RangeError(`failNext needs a whole number >= 0, not ${count}`);
    this.remaining = count;
    this.nextMode = mode;
    this.nextMatch = match;
  }

  /** Every request to the API fails until `setDown(false)`. */
  setDown(down: boolean, mode: FailureMode = "unavailable"): void {
    this.downMode = down ? mode : null;
  }

  /** How the request now arriving fails, or null when it is served. */
  take(method: string, path: string): FailureMode | null {
    if (this.downMode) return this.downMode;
    if (this.remaining === 0) return null;
    const { method: wanted, path: wantedPath } = this.nextMatch;
    if ((wanted && wanted !== method) || (wantedPath && wantedPath !== path)) return null;
    this.remaining -= 1;
    return this.nextMode;
  }
}
