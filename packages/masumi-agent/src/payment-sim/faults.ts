/**
 * The switch tests use to make the payment service fail, to prove an agent survives an outage:
 * "unavailable" answers 503 in the service's error envelope, "reset" drops the connection
 * without an answer (what a crashed or unreachable service looks like to a client).
 */
export type FailureMode = "unavailable" | "reset";

export class FaultSwitch {
  private remaining = 0;
  private nextMode: FailureMode = "unavailable";
  private downMode: FailureMode | null = null;

  /** The next `count` requests to the API fail (on top of any outage set with `setDown`). */
  failNext(count: number, mode: FailureMode = "unavailable"): void {
    if (!Number.isInteger(count) || count < 0) throw new RangeError(`failNext needs a whole number >= 0, not ${count}`);
    this.remaining = count;
    this.nextMode = mode;
  }

  /** Every request to the API fails until `setDown(false)`. */
  setDown(down: boolean, mode: FailureMode = "unavailable"): void {
    this.downMode = down ? mode : null;
  }

  /** How the request now arriving fails, or null when it is served. */
  take(): FailureMode | null {
    if (this.downMode) return this.downMode;
    if (this.remaining === 0) return null;
    this.remaining -= 1;
    return this.nextMode;
  }
}
