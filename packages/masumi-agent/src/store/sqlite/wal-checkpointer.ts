import { Worker } from "node:worker_threads";
import type { CheckpointReply, CheckpointRequest } from "./checkpoint-worker.ts";

export interface CheckpointerEvents {
  /** The worker checkpoints from now on: the store's connection may stop doing it. */
  ready(): void;
  /** The worker failed or ended: the store's connection must checkpoint again. */
  failed(error: Error): void;
}

/**
 * Copies a SQLite file's WAL into the database from a worker thread with its own connection, so
 * that the event loop never waits for it. Left to SQLite, the COMMIT that takes the WAL past
 * 1,000 pages runs the checkpoint and its fsync itself: on a busy agent that was 8% of the CPU
 * time and the longest stalls of the loop (with it in a worker: 10-21% more /start_job per
 * second, p99 of the server's own time 24-28 -> 14-22 ms).
 *
 * The store calls `wrote()` after each commit; calls while a checkpoint runs make one more run.
 */
export class WalCheckpointer {
  readonly #worker: Worker;
  #ready = false;
  #running = false;
  #again = false;
  #ended = false;
  readonly #exited: Promise<void>;

  constructor(path: string, events: CheckpointerEvents, script: WorkerScript) {
    const options = { workerData: { path } };
    this.#worker =
      "url" in script
        ? new Worker(script.url, options)
        : new Worker(script.code, { ...options, eval: true });
    // The agent's process ends when its work does, whatever this thread is doing.
    this.#worker.unref();
    this.#worker.on("message", (reply: CheckpointReply) => {
      if (reply === "stopped") {
        void this.#worker.terminate();
        return;
      }
      if (reply === "ready") {
        this.#ready = true;
        events.ready();
        // What the store wrote while the thread started.
        this.#again = true;
      }
      this.#running = false;
      if (this.#again) this.wrote();
    });
    const fail = (error: Error) => {
      if (this.#ended) return;
      this.#ended = true;
      events.failed(error);
    };
    this.#worker.on("error", (error) => {
      fail(new Error(`The WAL checkpointer thread failed: ${error.message}`, { cause: error }));
    });
    this.#exited = new Promise((resolve) => {
      this.#worker.on("exit", (code) => {
        fail(new Error(`The WAL checkpointer thread ended (exit code ${code})`));
        resolve();
      });
    });
  }

  /** The store committed a write: the WAL has something new to copy. */
  wrote(): void {
    if (!this.#ready || this.#ended) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = true;
    this.#again = false;
    this.#send("checkpoint");
  }

  /** Closes the worker's connection, then ends the thread, and waits for it to end. */
  async stop(): Promise<void> {
    if (!this.#ended) {
      this.#ended = true;
      this.#send("stop");
    }
    await this.#exited;
  }

  #send(request: CheckpointRequest): void {
    this.#worker.postMessage(request);
  }
}

/** The module the thread runs, by its URL, or a script that imports it. */
export type WorkerScript = { url: URL } | { code: string };

/**
 * The worker's module, beside this one: the published JavaScript, or the TypeScript sources where
 * they run, which Bun and Deno do as they are. Node runs the sources only in the library's own
 * tests, through tsx, whose hooks a worker thread does not get (Node 20): there the thread
 * imports the module with tsx's own import.
 */
export function workerScript(): WorkerScript {
  const typescript = import.meta.url.endsWith(".ts");
  const url = new URL(`./checkpoint-worker.${typescript ? "ts" : "js"}`, import.meta.url);
  if (!typescript || "Bun" in globalThis || "Deno" in globalThis) return { url };
  const tsx = JSON.stringify(import.meta.resolve("tsx/esm/api"));
  const module = JSON.stringify(url.href);
  const parent = JSON.stringify(import.meta.url);
  return { code: `import(${tsx}).then((tsx) => tsx.tsImport(${module}, ${parent}))` };
}
