import { serve } from "masumi-agent/fastify";
import { describeEndpoints } from "./endpoints-suite.ts";
import { createServer } from "./servers/fastify.ts";
import { existingFastifyApp } from "./servers/mounted.ts";

describeEndpoints("masumi-agent/fastify: masumiEndpoints in a server.ts", serve(createServer));
describeEndpoints("masumi-agent/fastify: masumi mounted into an existing app", serve(existingFastifyApp), {
  hello: { hello: "fastify" },
});
