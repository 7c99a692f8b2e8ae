import { Hono } from "hono";
import type { AgentApp } from "masumi-agent";
import { masumiEndpoints } from "masumi-agent/hono";

/**
 * The HTTP side of the agent: a Hono app with the six MIP-003 endpoints. Each handler reads its
 * own body within the limit and answers with the request's X-Request-Id; unknown paths and
 * failures get JSON errors. Add routes of your own next to these.
 */
export function createServer(agent: AgentApp): Hono {
  const endpoints = masumiEndpoints(agent);
  // Not strict: "/status/" is "/status", for marketplaces that join paths loosely.
  const app = new Hono({ strict: false });
  app.get("/availability", endpoints.availability);
  app.get("/input_schema", endpoints.inputSchema);
  app.get("/demo", endpoints.demo);
  app.post("/start_job", endpoints.startJob);
  app.get("/status", endpoints.status);
  app.post("/provide_input", endpoints.provideInput);
  app.notFound(endpoints.notFound);
  app.onError(endpoints.onError);
  return app;
}
