import Fastify, { type FastifyInstance } from "fastify";
import type { AgentApp } from "masumi-agent";
import { masumiEndpoints } from "masumi-agent/fastify";

/** The HTTP side of the agent: the six MIP-003 endpoints on a Fastify app. */
export function createServer(agent: AgentApp): FastifyInstance {
  const masumi = masumiEndpoints(agent);
  const app = Fastify(masumi.serverOptions);
  masumi.setup(app);
  app.post("/start_job", masumi.startJob);
  app.get("/status", masumi.status);
  app.post("/provide_input", masumi.provideInput);
  app.get("/availability", masumi.availability);
  app.get("/input_schema", masumi.inputSchema);
  app.get("/demo", masumi.demo);
  return app;
}
