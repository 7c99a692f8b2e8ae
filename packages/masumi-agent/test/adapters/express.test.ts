import { serve } from "masumi-agent/express";
import { serveAgent } from "./agent.ts";
import { agentProcess } from "./agent-process.ts";
import { describeEndpoints } from "./endpoints-suite.ts";
import { createServer } from "./servers/express.ts";
import { existingExpressApp } from "./servers/mounted.ts";

describeEndpoints(
  "masumi-agent/express: masumiEndpoints in a server.ts",
  () => serveAgent(serve(createServer)),
  { nodeHttp: true },
);
describeEndpoints(
  "masumi-agent/express: masumi mounted into an existing app",
  () => serveAgent(serve(existingExpressApp)),
  { mounted: { hello: { hello: "express" }, servedBy: "express" }, nodeHttp: true },
);
describeEndpoints("masumi-agent/express: startAgent on Bun", agentProcess("bun", "express"));
describeEndpoints("masumi-agent/express: startAgent on Deno", agentProcess("deno", "express"));
