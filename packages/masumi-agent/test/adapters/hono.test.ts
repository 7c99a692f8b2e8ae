import { serve } from "masumi-agent/hono";
import { describeEndpoints } from "./endpoints-suite.ts";
import { createServer } from "./servers/hono.ts";
import { existingHonoApp } from "./servers/mounted.ts";

describeEndpoints("masumi-agent/hono: masumiEndpoints in a server.ts", serve(createServer));
describeEndpoints("masumi-agent/hono: masumi mounted into an existing app", serve(existingHonoApp), {
  hello: { hello: "hono" },
});
