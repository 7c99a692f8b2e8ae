import { serve } from "masumi-agent/hono";
import { serveAgent } from "./agent.ts";
import { agentProcess } from "./agent-process.ts";
import { describeEndpoints } from "./endpoints-suite.ts";
import { createServer } from "./servers/hono.ts";
import { existingHonoApp } from "./servers/mounted.ts";

describeEndpoints(
  "masumi-agent/hono: masumiEndpoints in a server.ts",
  () => serveAgent(serve(createServer)),
  { nodeHttp: true },
);
describeEndpoints(
  "masumi-agent/hono: masumi mounted into an existing app",
  () => serveAgent(serve(existingHonoApp)),
  { mounted: { hello: { hello: "hono" }, servedBy: "hono" }, nodeHttp: true },
);
describeEndpoints("masumi-agent/hono: startAgent on Bun", agentProcess("bun", "hono"));
describeEndpoints("masumi-agent/hono: startAgent on Deno", agentProcess("deno", "hono"));
