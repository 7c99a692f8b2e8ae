/**
 * The bare limit the generated servers are compared with: node:http answering the same kind of
 * /status JSON from a Map, with no framework, validation or store. Started by bench/server.ts.
 */
import { createServer } from "node:http";

const jobs = new Map([["job-1", { id: "status-1", job_id: "job-1", status: "running" }]]);

createServer((request, response) => {
  const url = new URL(request.url ?? "/", "http://localhost");
  const job = jobs.get(url.searchParams.get("job_id") ?? "job-1");
  response.writeHead(job ? 200 : 404, { "Content-Type": "application/json" });
  response.end(JSON.stringify(job ?? { error: "job_not_found" }));
}).listen(Number(process.env.PORT), "127.0.0.1");
