import * as prompts from "@clack/prompts";

/**
 * The frame of a run: clack's intro opens it, and every way out (done, cancelled, refused,
 * failed) closes it, so that no run ends with an open frame and error lines dangling below it.
 */
let open = false;

export function openFrame(title: string): void {
  prompts.intro(title);
  open = true;
}

/** Closes the frame with the run's last word: `prompts.outro` when done, red otherwise. */
export function closeFrame(message: string, outcome: "done" | "failed" = "failed"): void {
  if (!open) return;
  open = false;
  if (outcome === "done") prompts.outro(message);
  else prompts.cancel(message);
}
