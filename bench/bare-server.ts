/**
 * The bare limit the generated servers are compared with: node:http answering /status from a Map
 * and POST /start_job by parsing its JSON body into that Map, with no framework, validation,
 * hashing, log or store. Started by bench/anchors.ts.
 */
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";

const jobs = new Map<string, unknown>([["job-1", { id: "status-1", job_id: "job-1", status: "running" }]]);

createServer((request, response) => {
  const answer = (status: number, body: unknown) => {
    response.writeHead(status, { "Content-Type": "application/json" });
    response.end(JSON.stringify(body));
  };
  const url = new URL(request.url ?? "/", "http://localhost");
  if (request.method === "POST" && url.pathname === "/start_job") {
    let body = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => (body += chunk));
    request.on("end", () => {
      const id = randomUUID();
      jobs.set(id, { id: randomUUID(), job_id: id, status: "awaiting_payment", request: JSON.parse(body) as unknown });
      answer(200, { status: "success", job_id: id });
    });
    return;
  }
  const job = jobs.get(url.searchParams.get("job_id") ?? "job-1");
  answer(job ? 200 : 404, job ?? { error: "job_not_found" });
}).listen(Number(process.env.PORT), "127.0.0.1");

// An exit rather than death by the signal, so that a profile taken with --cpu-prof is written
// (bench/profile.ts).
process.on("SIGTERM", () => process.exit(0));
