/**
 * The worker thread of WalCheckpointer: its own connection to the store's file, which copies the
 * WAL into the database whenever the store asks, and closes when told to stop (the store then
 * ends the thread: Deno's parentPort cannot be closed from inside).
 */
import { parentPort, workerData } from "node:worker_threads";
import { loadDriver } from "./driver.ts";

export type CheckpointRequest = "checkpoint" | "stop";
export type CheckpointReply = "ready" | "done" | "stopped";

const port = parentPort!;
const db = (await loadDriver())((workerData as { path: string }).path);
port.on("message", (request: CheckpointRequest) => {
  if (request === "stop") {
    db.close();
    port.postMessage("stopped" satisfies CheckpointReply);
    return;
  }
  // PASSIVE: copies what it can without waiting for the store's writer or readers, and so
  // never makes them wait either.
  db.exec("PRAGMA wal_checkpoint(PASSIVE)");
  port.postMessage("done" satisfies CheckpointReply);
});
port.postMessage("ready" satisfies CheckpointReply);
