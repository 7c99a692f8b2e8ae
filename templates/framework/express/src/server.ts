import express, { type Express } from "express";
import type { AgentApp } from "masumi-agent";
import { masumiEndpoints } from "masumi-agent/express";

/**
 * The HTTP side of the agent: an Express app with the six MIP-003 endpoints. The plumbing
 * (request ids, reading bodies within the limit, JSON errors for unknown paths and failures)
 * comes with them; add routes of your own next to theirs.
 */
export function createServer(agent: AgentApp): Express {
  const endpoints = masumiEndpoints(agent);
  const app = express();
  endpoints.configure(app);
  app.use(endpoints.plumbing);
  app.get("/availability", endpoints.availability);
  app.get("/input_schema", endpoints.inputSchema);
  app.get("/demo", endpoints.demo);
  app.post("/start_job", endpoints.readBody, endpoints.startJob);
  app.get("/status", endpoints.status);
  app.post("/provide_input", endpoints.readBody, endpoints.provideInput);
  app.use(endpoints.notFound);
  app.use(endpoints.onError);
  return app;
}
