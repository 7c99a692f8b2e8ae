import { serve } from "masumi-agent/express";
import { describeEndpoints } from "./endpoints-suite.ts";
import { createServer } from "./servers/express.ts";
import { existingExpressApp } from "./servers/mounted.ts";

describeEndpoints("masumi-agent/express: masumiEndpoints in a server.ts", serve(createServer));
describeEndpoints("masumi-agent/express: masumi mounted into an existing app", serve(existingExpressApp), {
  hello: { hello: "express" },
});
