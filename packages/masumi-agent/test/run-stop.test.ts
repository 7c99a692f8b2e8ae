import { describe, expect, it } from "vitest";
import { RunStop } from "../src/jobs/run-stop.ts";

describe("RunStop", () => {
  it("rejects the run it waits for with the first reason, and aborts a signal read before", async () => {
    const run = new RunStop();
    const signal = run.signal;
    const heard: unknown[] = [];
    signal.addEventListener("abort", () => heard.push(signal.reason));
    const waiting = run.until(() => new Promise<string>(() => {}));
    run.stop(new Error("time is up"));
    run.stop(new Error("later"));
    await expect(waiting).rejects.toThrow("time is up");
    expect(run.stopped).toBe(true);
    expect(heard).toEqual([run.reason]);
    expect(signal.aborted).toBe(true);
  });

  it("hands out a signal already aborted with the reason when it is read only after the stop", () => {
    const run = new RunStop();
    run.stop(new Error("shut down"));
    expect(run.signal.aborted).toBe(true);
    expect(run.signal.reason).toBe(run.reason);
    expect(() => run.throwIfStopped()).toThrow("shut down");
  });

  it("settles as the task does while not stopped; a stop afterwards changes nothing", async () => {
    const run = new RunStop();
    await expect(run.until(async () => "done")).resolves.toBe("done");
    await expect(
      run.until(() => {
        throw new Error("thrown before any await");
      }),
    ).rejects.toThrow("thrown before any await");
    run.stop(new Error("late"));
    expect(() => run.throwIfStopped()).toThrow("late");
    await expect(run.until(async () => "too late")).rejects.toThrow("late");
  });
});
