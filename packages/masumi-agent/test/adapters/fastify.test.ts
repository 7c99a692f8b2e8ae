import { serve } from "masumi-agent/fastify";
import { serveAgent } from "./agent.ts";
import { agentProcess } from "./agent-process.ts";
import { describeEndpoints } from "./endpoints-suite.ts";
import { createServer } from "./servers/fastify.ts";
import { existingFastifyApp } from "./servers/mounted.ts";

describeEndpoints(
  "masumi-agent/fastify: masumiEndpoints in a server.ts",
  () => serveAgent(serve(createServer)),
  { nodeHttp: true },
);
describeEndpoints(
  "masumi-agent/fastify: masumi mounted into an existing app",
  () => serveAgent(serve(existingFastifyApp)),
  // What Node refuses before a route sees it is answered by the app's own clientErrorHandler.
  { mounted: { hello: { hello: "fastify" }, servedBy: "fastify" } },
);
describeEndpoints("masumi-agent/fastify: startAgent on Bun", agentProcess("bun", "fastify"));
describeEndpoints("masumi-agent/fastify: startAgent on Deno", agentProcess("deno", "fastify"));
