/**
 * The framework's own limit the Hono rows are compared with: Hono on @hono/node-server (the
 * adaptor the generated Node + Hono servers use) with the bare node:http server's two routes and
 * nothing else: no validation, hashing, log, store or X-Request-Id. Where ours is close to this
 * and far from bare node:http, the gap is the framework's; where it is far from this, it is ours.
 * Started by bench/anchors.ts.
 */
import { randomUUID } from "node:crypto";
import { serve } from "@hono/node-server";
import { Hono } from "hono";

const jobs = new Map<string, unknown>([
  ["job-1", { id: "status-1", job_id: "job-1", status: "running" }],
]);

const app = new Hono();
app.post("/start_job", async (c) => {
  const id = randomUUID();
  jobs.set(id, {
    id: randomUUID(),
    job_id: id,
    status: "awaiting_payment",
    request: await c.req.json(),
  });
  return c.json({ status: "success", job_id: id });
});
app.get("/status", (c) => {
  const job = jobs.get(c.req.query("job_id") ?? "job-1");
  return job ? c.json(job) : c.json({ error: "job_not_found" }, 404);
});
serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: "127.0.0.1" });
