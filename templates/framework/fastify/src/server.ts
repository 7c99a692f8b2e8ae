import Fastify, { type FastifyInstance } from "fastify";
import type { AgentApp } from "masumi-agent";
import { masumiEndpoints } from "masumi-agent/fastify";

/**
 * The HTTP side of the agent: a Fastify instance with the six MIP-003 endpoints. The plumbing
 * (request ids, the body limit, JSON errors for unknown paths and failures) comes with them; add
 * routes of your own next to theirs.
 */
export function createServer(agent: AgentApp): FastifyInstance {
  const endpoints = masumiEndpoints(agent);
  const app = Fastify(endpoints.serverOptions);
  endpoints.plumbing(app);
  app.get("/availability", endpoints.availability);
  app.get("/input_schema", endpoints.inputSchema);
  app.get("/demo", endpoints.demo);
  app.post("/start_job", endpoints.startJob);
  app.get("/status", endpoints.status);
  app.post("/provide_input", endpoints.provideInput);
  return app;
}
