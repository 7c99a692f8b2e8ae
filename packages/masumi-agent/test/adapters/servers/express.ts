import express, { type Express } from "express";
import type { AgentApp } from "masumi-agent";
import { masumiEndpoints } from "masumi-agent/express";

/** The HTTP side of the agent: the six MIP-003 endpoints on an Express app. */
export function createServer(agent: AgentApp): Express {
  const masumi = masumiEndpoints(agent);
  const app = express();
  app.disable("x-powered-by");
  // Paths match exactly as written ("/Status" is unknown); a trailing slash is still allowed.
  app.set("case sensitive routing", true);
  app.post("/start_job", masumi.startJob);
  app.get("/status", masumi.status);
  app.post("/provide_input", masumi.provideInput);
  app.get("/availability", masumi.availability);
  app.get("/input_schema", masumi.inputSchema);
  app.get("/demo", masumi.demo);
  app.use(masumi.notFound);
  app.use(masumi.onError);
  return app;
}
