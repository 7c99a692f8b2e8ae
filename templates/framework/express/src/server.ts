import express, { type Express } from "express";
import type { AgentApp } from "masumi-agent";
import { masumiEndpoints } from "masumi-agent/express";

/**
 * The HTTP side of the agent: an Express app with the six MIP-003 endpoints. Each handler reads
 * its own body within the limit and answers with the request's X-Request-Id; unknown paths and
 * failures get JSON errors. Add routes of your own next to these.
 */
export function createServer(agent: AgentApp): Express {
  const endpoints = masumiEndpoints(agent);
  const app = express();
  app.disable("x-powered-by");
  // Paths match exactly as written ("/Status" is unknown); a trailing slash is still allowed.
  app.set("case sensitive routing", true);
  app.get("/availability", endpoints.availability);
  app.get("/input_schema", endpoints.inputSchema);
  app.get("/demo", endpoints.demo);
  app.post("/start_job", endpoints.startJob);
  app.get("/status", endpoints.status);
  app.post("/provide_input", endpoints.provideInput);
  app.use(endpoints.notFound);
  app.use(endpoints.onError);
  return app;
}
