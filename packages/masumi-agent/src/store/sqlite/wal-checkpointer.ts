import { Worker } from "node:worker_threads";
import type { CheckpointReply, CheckpointRequest } from "./checkpoint-worker.ts";

/**
 * The least time from one checkpoint's start to the next. One after every commit copied the
 * pages that every commit changes (the id index's, the table's last) again and again and synced
 * the file as often: under 5 s of POST /start_job at 50 connections and until quiet, the default
 * agent's checkpointer took 1.16-1.18 s of CPU; at most one per 250 ms, 0.20 s, and the agent
 * started 6-8% more jobs per second (9.75k -> 10.54k, 10.23k -> 10.87k in alternated pairs). The
 * WAL holds what 250 ms of writes add, far below the 10,000 pages past which the store's own
 * connection would checkpoint.
 */
export const CHECKPOINT_INTERVAL_MS = 250;

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
 * The store calls `wrote()` after each commit; calls while a checkpoint runs make one more run,
 * started no sooner than CHECKPOINT_INTERVAL_MS after the one before.
 */
export class WalCheckpointer {
  readonly #worker: Worker;
  #ready = false;
  #running = false;
  #again = false;
  #ended = false;
  /** When the last checkpoint was asked for (performance.now()). */
  #lastStart = -Infinity;
  /** The next checkpoint, waiting for the interval to pass. */
  #next: NodeJS.Timeout | undefined;
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
    if (!this.#ready || this.#ended || this.#next) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    const wait = this.#lastStart + CHECKPOINT_INTERVAL_MS - performance.now();
    if (wait <= 0) {
      this.#checkpoint();
      return;
    }
    // Copies what is committed by then, this write's included.
    this.#next = setTimeout(() => {
      this.#next = undefined;
      if (!this.#ended) this.#checkpoint();
    }, wait);
    this.#next.unref();
  }

  /** Closes the worker's connection, then ends the thread, and waits for it to end. */
  async stop(): Promise<void> {
    clearTimeout(this.#next);
    if (!this.#ended) {
      this.#ended = true;
      this.#send("stop");
    }
    await this.#exited;
  }

  #checkpoint(): void {
    this.#running = true;
    this.#again = false;
    this.#lastStart = performance.now();
    this.#send("checkpoint");
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
