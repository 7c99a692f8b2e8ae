import { Hono } from "hono";
import { masumiEndpoints } from "../../src/adapters/hono/index.ts";
import type { AgentApp } from "../../src/app.ts";

/**
 * The server as a generated Hono project's src/server.ts makes it, on the library's sources, for
 * the tests that serve an agent in-process (served-agent.ts) or as a process (fixtures/agent-main.ts).
 * test/adapters/servers/ holds the same servers on the built package, as a project imports it.
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
