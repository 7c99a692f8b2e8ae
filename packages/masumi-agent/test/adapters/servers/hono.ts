import { Hono } from "hono";
import type { AgentApp } from "masumi-agent";
import { masumiEndpoints } from "masumi-agent/hono";

/** The HTTP side of the agent: the six MIP-003 endpoints on a Hono app. */
export function createServer(agent: AgentApp): Hono {
  const masumi = masumiEndpoints(agent);
  // Not strict: "/status/" is "/status", for marketplaces that join paths loosely.
  const app = new Hono({ strict: false });
  app.post("/start_job", masumi.startJob);
  app.get("/status", masumi.status);
  app.post("/provide_input", masumi.provideInput);
  app.get("/availability", masumi.availability);
  app.get("/input_schema", masumi.inputSchema);
  app.get("/demo", masumi.demo);
  app.notFound(masumi.notFound);
  app.onError(masumi.onError);
  return app;
}
