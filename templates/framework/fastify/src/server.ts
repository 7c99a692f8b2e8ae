import Fastify, { type FastifyInstance } from "fastify";
import type { AgentApp } from "masumi-agent";
import { masumiEndpoints } from "masumi-agent/fastify";

/**
 * The HTTP side of the agent: a Fastify instance with the six MIP-003 endpoints, each with its
 * JSON schema and the body limit. Every answer carries the request's X-Request-Id; unknown paths
 * and failures get JSON errors. Add routes of your own next to these.
 */
export function createServer(agent: AgentApp): FastifyInstance {
  const endpoints = masumiEndpoints(agent);
  const app = Fastify(endpoints.serverOptions);
  // Reads every body as JSON whatever its Content-Type, and answers errors as JSON.
  endpoints.setup(app);
  app.get("/availability", endpoints.availability);
  app.get("/input_schema", endpoints.inputSchema);
  app.get("/demo", endpoints.demo);
  app.post("/start_job", endpoints.startJob);
  app.get("/status", endpoints.status);
  app.post("/provide_input", endpoints.provideInput);
  return app;
}
