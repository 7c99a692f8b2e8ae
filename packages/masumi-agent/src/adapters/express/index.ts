/** masumi-agent/express: the six endpoints as an Express app, served by node:http. */
export { createServer } from "./server.ts";
export { listen } from "./listen.ts";
